export * from './protocol';
export * from './adapters/portSession';
export * from './adapters/runFrameSession';
export * from './adapters/serialProvisioning';

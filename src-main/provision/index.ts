export * from './protocol';
export * from './adapters/portSession';
export * from './adapters/runFrameSession';
export * from './adapters/serialProvisioning';
export * from './adapters/improv';

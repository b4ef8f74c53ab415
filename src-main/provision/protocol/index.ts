export * from './crc32';
export * from './identity';
export * from './nvs';
export * from './nvsIdentity';
export * from './ProvisionError';
export * from './FrameMachine';
export * from './serialProvisioning';
export * from './improv';

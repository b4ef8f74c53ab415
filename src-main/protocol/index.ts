/** The IOTMP codec: pure, shared by the broker, the simulator, the CLI and the renderer. */
export * from './errors';
export * from './value';
export * from './limits';
export * from './varint';
export * from './message';
export * from './codec';
export * from './FrameParser';
export * from './json';
export * from './hex';

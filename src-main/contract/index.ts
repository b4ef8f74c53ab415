/** The typed contract between the UI and main: pure (shared with the renderer as @contract/*). */
export * from './calls';
export * from './define';
export * from './errors';
export * from './events';
export * from './schemas';
export * from './serialSchemas';
export * from './flashSchemas';
export * from './commissionSchemas';
export * from './commissionCalls';
export * from './wire';
export * from './verbs';
export * from './serverSchemas';
export * from './serverCalls';
export * from './bridgeSchemas';
export * from './bridgeCalls';
export * from './espCalls';

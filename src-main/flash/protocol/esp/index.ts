export * from './chips';
export * from './image';
export * from './limits';
export * from './loader';
export * from './packets';
export * from './partitionTable';
export * from './plan';
export * from './slip';

export * from './boardTable';
export * from './BoardMemory';
export * from '../core/KeyValueStore';
export * from './PortWatcher';
export * from './SerialError';
export * from './SerialLink';
export * from './SerialMonitor';
export * from './SerialPortLease';

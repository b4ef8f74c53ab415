export * from './protocol';
export { loadFirmwareFile } from './firmwareFile';
export * from './jobs/FlashJob';
export * from './jobs/Flasher';

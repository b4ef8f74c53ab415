import { contextBridge, ipcRenderer } from 'electron';
import { createVerbs } from '@contract/verbs';
import { ipcTransport } from './ipcTransport';
import type { StudioBridge } from './studio-bridge';

declare const __APP_VERSION__: string;

// Domain verbs only (`studio.api.devices.list(...)`), generated from the contract's call table;
// the page never gets ipcRenderer or a generic invoke.
const studio: StudioBridge = Object.freeze({
  version: __APP_VERSION__,
  api: createVerbs(ipcTransport(ipcRenderer)),
});

contextBridge.exposeInMainWorld('studio', studio);

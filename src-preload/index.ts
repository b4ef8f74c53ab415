import { contextBridge } from 'electron';
import type { StudioBridge } from './studio-bridge';

declare const __APP_VERSION__: string;

const studio: StudioBridge = Object.freeze({ version: __APP_VERSION__ });

contextBridge.exposeInMainWorld('studio', studio);

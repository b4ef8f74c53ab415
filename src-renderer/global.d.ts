import type { StudioBridge } from '../src-preload/studio-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the UI runs as the headless web console. */
    readonly studio?: StudioBridge;
  }
}

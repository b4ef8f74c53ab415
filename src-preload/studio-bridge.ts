// What the preload exposes to the renderer as `window.studio`. A placeholder until the typed
// contract (issue 5) generates the real domain verbs; there is deliberately no generic invoke.
// Type-only, so the web tsconfig can include it without reaching Node or Electron types.
export interface StudioBridge {
  /** IoTMP Studio's version (package.json), fixed at build time. */
  readonly version: string;
}

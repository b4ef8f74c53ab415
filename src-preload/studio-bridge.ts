// What the preload exposes to the renderer as `window.studio`: the app version and the
// contract's domain verbs over IPC. There is deliberately no generic invoke.
// Type-only, so the web tsconfig can include it without reaching Node or Electron types.
import type { Verbs } from '@contract/verbs';

export interface StudioBridge {
  /** IoTMP Studio's version (package.json), fixed at build time. */
  readonly version: string;
  /** Every call and topic of the contract, e.g. `api.devices.list({})`, `api.on(topic, …)`. */
  readonly api: Verbs;
}

/** The `bridge.*` calls and the `bridge.status` topic: the MQTT bridge's settings and state. */
import { z } from 'zod';
import { call, event } from './define';
import { BridgeSettingsPatch, BridgeStatus, BridgeView } from './bridgeSchemas';

/** Stopping the bridge waits up to 2 s for acknowledgements before it starts again. */
const CONFIGURE_MS = 10_000;

export const bridgeCalls = {
  'bridge.get': call({
    summary: "The MQTT bridge's settings (the password left out) and its status",
    request: z.object({}).strict(),
    response: BridgeView,
    timeoutMs: 5_000,
  }),
  'bridge.configure': call({
    summary:
      'Change the MQTT bridge settings (only the fields given; an empty password clears it); the bridge restarts with them',
    request: BridgeSettingsPatch,
    response: BridgeView,
    timeoutMs: CONFIGURE_MS,
  }),
} as const;

export const bridgeEvents = {
  'bridge.status': event({
    summary:
      'The MQTT bridge: connected, queued, dropped, published, at most four times a second while it changes',
    params: z.object({}).strict(),
    payload: BridgeStatus,
  }),
} as const;

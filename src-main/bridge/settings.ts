/**
 * The MQTT bridge's settings (off by default): where the cluster is, how to log in, what to
 * publish. Stored as one JSON setting; the password is never sent back to the UI.
 */
import { hostname } from 'node:os';
import { BridgeSettings, BridgeSettingsPatch } from '../contract/bridgeSchemas';

/** Setting key of the bridge's configuration. */
export const BRIDGE_SETTINGS = 'bridge.mqtt';

/** Messages kept on disk while the cluster is unreachable (about 20 MB at 200 bytes each). */
const DEFAULT_QUEUE_MAX_MESSAGES = 100_000;
/** First reconnect delay; it doubles per failed attempt up to the maximum. */
const DEFAULT_RECONNECT_MIN_MS = 1000;
/** Longest wait between reconnect attempts (a cluster back from maintenance is found within it). */
const DEFAULT_RECONNECT_MAX_MS = 30_000;
/** Default sample interval per bridged stream (IOTMP.md §8.6: periodic streams are ≥ 1 s). */
const DEFAULT_BRIDGE_INTERVAL_MS = 1000;

export { BridgeSettings, BridgeSettingsPatch };

function defaultBridgeSettings(): BridgeSettings {
  return {
    enabled: false,
    url: '',
    clientId: `iotmp-studio-${hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 64)}`,
    username: '',
    password: '',
    caFile: '',
    certFile: '',
    keyFile: '',
    prefix: 'iotmp',
    qos: 1,
    protocolVersion: 5,
    devices: ['*'],
    resources: ['*'],
    intervalMs: DEFAULT_BRIDGE_INTERVAL_MS,
    // Commands from the cluster change the physical world: opted into, never on by default.
    commands: false,
    queueMaxMessages: DEFAULT_QUEUE_MAX_MESSAGES,
    reconnectMinMs: DEFAULT_RECONNECT_MIN_MS,
    reconnectMaxMs: DEFAULT_RECONNECT_MAX_MS,
  };
}

/** Stored settings over the defaults; a stored value that no longer validates is ignored. */
export function resolveBridgeSettings(stored: unknown): BridgeSettings {
  const base = defaultBridgeSettings();
  if (typeof stored !== 'object' || stored === null) return base;
  const merged = { ...base, ...(stored as Record<string, unknown>) };
  const parsed = BridgeSettings.safeParse(merged);
  return parsed.success ? parsed.data : base;
}

/** Problems that stop an enabled bridge from starting, as one sentence (null: none). */
export function bridgeSettingsProblem(s: BridgeSettings): string | null {
  if (!s.url) return 'the bridge needs a broker URL (mqtt://, mqtts://, ws:// or wss://)';
  if (!!s.certFile !== !!s.keyFile)
    return 'a client certificate and its key go together (set both or neither)';
  if (s.reconnectMaxMs < s.reconnectMinMs)
    return 'the longest reconnect delay is shorter than the first one';
  return null;
}

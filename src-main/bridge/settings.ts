/**
 * The MQTT bridge's settings (off by default): where the cluster is, how to log in, what to
 * publish. Stored as one JSON setting; the password is never sent back to the UI.
 */
import { hostname } from 'node:os';
import { z } from 'zod';

/** Setting key of the bridge's configuration. */
export const BRIDGE_SETTINGS = 'bridge.mqtt';

/** Messages kept on disk while the cluster is unreachable (about 20 MB at 200 bytes each). */
export const DEFAULT_QUEUE_MAX_MESSAGES = 100_000;
/** Upper bound a user may set: the queue lives on a gateway's SD card, not a data lake. */
export const MAX_QUEUE_MAX_MESSAGES = 10_000_000;
/** First reconnect delay; it doubles per failed attempt up to the maximum. */
export const DEFAULT_RECONNECT_MIN_MS = 1000;
/** Longest wait between reconnect attempts (a cluster back from maintenance is found within it). */
export const DEFAULT_RECONNECT_MAX_MS = 30_000;
/** Default sample interval per bridged stream (IOTMP.md §8.6: periodic streams are ≥ 1 s). */
export const DEFAULT_BRIDGE_INTERVAL_MS = 1000;

const Pattern = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s#+]+$/, 'no spaces, # or + (use * for any)');

export const BridgeSettings = z
  .object({
    enabled: z.boolean(),
    /** mqtt://, mqtts://, ws://, wss:// (a path is kept for WebSocket, e.g. wss://host/mqtt). */
    url: z
      .string()
      .max(2048)
      .refine((u) => u === '' || /^(mqtts?|wss?):\/\/[^/\s]+/.test(u), {
        message: 'must start with mqtt://, mqtts://, ws:// or wss:// and name a host',
      }),
    clientId: z.string().min(1).max(128),
    username: z.string().max(256),
    password: z.string().max(1024),
    /** PEM files for TLS (mqtts://, wss://): a private CA, and a client certificate + key. */
    caFile: z.string().max(4096),
    certFile: z.string().max(4096),
    keyFile: z.string().max(4096),
    /** Topic prefix, one or more levels (`acme/site-a`). */
    prefix: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^#+\s$][^#+\s]*$/, 'no spaces, # or +, and not starting with $')
      .refine((p) => !p.startsWith('/') && !p.endsWith('/') && !p.includes('//'), {
        message: 'no empty topic levels',
      }),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    protocolVersion: z.union([z.literal(4), z.literal(5)]),
    /** `*`, `user/*` or `user/device`. */
    devices: z.array(Pattern).max(1000),
    /** Resource names, or `*` for every resource that has an output. */
    resources: z.array(Pattern).max(1000),
    /** Sample interval per stream, ms; 0 = every sample the device pushes (event streams). */
    intervalMs: z.number().int().min(0).max(86_400_000),
    /** Run `…/set` and `…/run` commands from the cluster on the devices. */
    commands: z.boolean(),
    queueMaxMessages: z.number().int().min(100).max(MAX_QUEUE_MAX_MESSAGES),
    reconnectMinMs: z.number().int().min(10).max(600_000),
    reconnectMaxMs: z.number().int().min(10).max(3_600_000),
  })
  .strict();
export type BridgeSettings = z.infer<typeof BridgeSettings>;

export const BridgeSettingsPatch = BridgeSettings.partial().strict();
export type BridgeSettingsPatch = z.infer<typeof BridgeSettingsPatch>;

export function defaultBridgeSettings(): BridgeSettings {
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

/**
 * The MQTT bridge's settings and status (bridge/, docs/bridge.md), shared by main and the UI.
 * Pure: the service adds its defaults (the host name in the client id) and the files it reads.
 */
import { z } from 'zod';

/** Upper bound of the on-disk queue a user may set: it lives on a gateway's SD card. */
const MAX_BRIDGE_QUEUE_MESSAGES = 10_000_000;

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
    /** `*`, `user`, `user/*` or `user/device`. */
    devices: z.array(Pattern).max(1000),
    /** Resource names, or `*` for every resource that has an output. */
    resources: z.array(Pattern).max(1000),
    /** Sample interval per stream, ms; 0 = every sample the device pushes (event streams). */
    intervalMs: z.number().int().min(0).max(86_400_000),
    /** Run `…/set` and `…/run` commands from the cluster on the devices. */
    commands: z.boolean(),
    queueMaxMessages: z.number().int().min(100).max(MAX_BRIDGE_QUEUE_MESSAGES),
    reconnectMinMs: z.number().int().min(10).max(600_000),
    reconnectMaxMs: z.number().int().min(10).max(3_600_000),
  })
  .strict();
export type BridgeSettings = z.infer<typeof BridgeSettings>;

export const BridgeSettingsPatch = BridgeSettings.partial().strict();
export type BridgeSettingsPatch = z.infer<typeof BridgeSettingsPatch>;

/** Settings as the UI sees them: the password never leaves main, only whether one is set. */
export const BridgeSettingsView = BridgeSettings.omit({ password: true }).extend({
  passwordSet: z.boolean(),
});
export type BridgeSettingsView = z.infer<typeof BridgeSettingsView>;

const BridgeState = z.enum(['off', 'connecting', 'connected', 'waiting', 'misconfigured']);
type BridgeState = z.infer<typeof BridgeState>;

export const BridgeStatus = z.object({
  state: BridgeState,
  /** The URL without credentials. */
  url: z.string(),
  clientId: z.string(),
  prefix: z.string(),
  /** Messages waiting for the cluster (on disk, or handed to the client unacknowledged). */
  queued: z.number().int(),
  /** Messages dropped because the queue was full (since the queue file was created). */
  dropped: z.number().int(),
  /** Messages the cluster acknowledged since the bridge started. */
  published: z.number().int(),
  /** Sequence number of the newest message (each message's `seq`; 0: none yet). */
  sequence: z.number().int(),
  /** Streams bridged (device × resource). */
  streams: z.number().int(),
  commandsRun: z.number().int(),
  commandsFailed: z.number().int(),
  connectedSince: z.number().nullable(),
  /** Why the last attempt failed or the link dropped. */
  lastError: z.string().nullable(),
  /** When state is 'waiting': ms until the next attempt. */
  retryInMs: z.number().nullable(),
});
export type BridgeStatus = z.infer<typeof BridgeStatus>;

export const BridgeView = z.object({ settings: BridgeSettingsView, status: BridgeStatus });
export type BridgeView = z.infer<typeof BridgeView>;

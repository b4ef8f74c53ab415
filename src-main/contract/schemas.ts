/**
 * Shapes shared by several calls and events. Values a device sends or receives travel as JSON in
 * the conventions of `protocol/json.ts`: `{"$bigint": "…"}`, `{"$bytes": "<hex>"}`,
 * `{"$double": "NaN"}`, `{"$empty": true}`.
 */
import { z } from 'zod';

/** Ids as IoTMP carries them and the store accepts them (see store/DeviceStore.ts). */
export const Id = z
  .string()
  .regex(/^[\p{L}\p{N}_.\-:@]{1,128}$/u, '1–128 letters, digits or _ . - : @');

/** Most tags one device carries, and the longest tag: a handful of words, not a database. */
export const MAX_DEVICE_TAGS = 16;
const MAX_TAG_CHARS = 40;
/** A device tag (`site:plant-2`, `boiler room`, `pump`): printable, trimmed, no comma. */
export const Tag = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TAG_CHARS)
  // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
  .regex(/^[^\u0000-\u001f\u007f,]+$/, 'a tag has no comma or control characters');

/** A resource path as devices name them (`temperature`, `relay/1`). */
export const ResourceName = z.string().min(1).max(256);

/** A PSON value in the JSON conventions above. */
export const Value = z.json();
export type Value = z.infer<typeof Value>;

export const DeviceRef = z.object({ user: Id, device: Id });

const Transport = z.enum(['tcp', 'tls', 'ws', 'wss']);

/** Presence and counters from the broker's registry. */
export const DeviceStatus = z.object({
  online: z.boolean(),
  connectedSince: z.number().nullable(),
  lastSeen: z.number().nullable(),
  remoteAddress: z.string().nullable(),
  transport: Transport.nullable(),
  pv: z.number().int().nullable(),
  framesIn: z.number(),
  framesOut: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  dropped: z.number(),
  rttMs: z.number().nullable(),
  lastDisconnectReason: z.string().nullable(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const Device = z.object({
  user: z.string(),
  device: z.string(),
  /** `user/device`. */
  key: z.string(),
  /** In the store (false: seen by the broker but not registered, e.g. deleted while online). */
  registered: z.boolean(),
  name: z.string(),
  description: z.string(),
  autoRegistered: z.boolean(),
  /** Thinger's device type (`Generic`, `HTTP`, …); absent means `Generic`. */
  type: z.string().optional(),
  /** A disabled device is refused when it connects; absent means enabled. */
  enabled: z.boolean().optional(),
  /** Tags to group and filter by (site, room, product…); absent means none. */
  tags: z.array(z.string()).optional(),
  createdAt: z.number().nullable(),
  credentialUpdatedAt: z.number().nullable(),
  /** Largest frame body the broker sends it (IOTMP.md §9.1.7; 4096 unless set higher). */
  maxFrameBytes: z.number().int().optional(),
  status: DeviceStatus,
});
export type Device = z.infer<typeof Device>;

/** One frame as the protocol inspector keeps it (inspector/FrameInspector.ts). */
export const InspectedFrame = z.object({
  seq: z.number().int(),
  time: z.number(),
  direction: z.enum(['in', 'out']),
  type: z.string(),
  typeId: z.number().int().nullable(),
  streamId: z.number().nullable(),
  fields: z.record(z.string(), Value).nullable(),
  hex: z.string(),
  size: z.number().int(),
  error: z.string().nullable(),
  /** The resource of the frame's stream, from its START_STREAM even when that left the ring. */
  resource: z.string().nullable().optional(),
});
export type InspectedFrame = z.infer<typeof InspectedFrame>;

/**
 * A device's stream samples its inspector history did not keep because it streamed faster than
 * `perSecond` (inspector/SampleLog.ts): they leave gaps in `seq` that are not lost frames, and
 * a live follower got them all.
 */
export const ThinnedSamples = z.object({
  /** Samples not kept since `since`. */
  count: z.number().int().min(1),
  /** When the first of them came (epoch ms), since the history was last cleared. */
  since: z.number(),
  /** Samples a second the history keeps of one device (past a first burst). */
  perSecond: z.number().positive(),
});
export type ThinnedSamples = z.infer<typeof ThinnedSamples>;

export const Endpoint = z.object({
  url: z.url(),
  method: z.enum(['POST', 'PUT', 'GET']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Body template (`{{field}}` from the call's data); none: `{device, endpoint, data}`. */
  body: z.string().max(65_536).optional(),
  name: z.string().max(1024).optional(),
  description: z.string().max(1024).optional(),
  /** false: calls are refused until enabled again. */
  enabled: z.boolean().optional(),
  created: z.number().optional(),
  modified: z.number().optional(),
});

export const Settings = z.object({
  /** Unknown devices are registered on their first connection (commissioning). */
  acceptNewDevices: z.boolean(),
  /** When acceptNewDevices turns itself off (ms since epoch); null: it stays as it is. */
  acceptNewDevicesUntil: z.number().nullable(),
  /** HTTP webhooks devices may call by name (IOTMP.md §6.5 CALL_ENDPOINT). */
  endpoints: z.record(z.string(), Endpoint),
});
export type Settings = z.infer<typeof Settings>;

export const BrokerStatus = z.object({
  listeners: z.array(
    z.object({ name: z.string(), transport: Transport, host: z.string(), port: z.number() }),
  ),
  /** Listeners that could not start, one sentence each naming the option to change. */
  failures: z.array(z.object({ setting: z.string(), message: z.string() })),
  tls: z.object({ selfSigned: z.boolean(), fingerprint: z.string() }),
  counts: z.object({
    registered: z.number().int(),
    online: z.number().int(),
    connections: z.number().int(),
  }),
  acceptNewDevices: z.boolean(),
  /**
   * This machine's IPv4 addresses on its networks (loopback left out): what devices dial when
   * the listeners are bound to every interface.
   */
  lanAddresses: z.array(z.string()).optional(),
});
export type BrokerStatus = z.infer<typeof BrokerStatus>;

/** A device connection the broker refused at CONNECT (kept in memory since start, bounded). */
export const RejectedConnection = z.object({
  /** The latest attempt (ms since epoch). */
  time: z.number(),
  address: z.string(),
  user: z.string(),
  device: z.string(),
  /** `replaced`: knocked off by a newer connection with the same identity (two boards?). */
  reason: z.enum(['unknown-device', 'wrong-credential', 'replaced']),
  /** Attempts from the same address with the same identity and reason. */
  attempts: z.number().int(),
});
export type RejectedConnection = z.infer<typeof RejectedConnection>;

/** What a stream subscriber receives: samples, and status changes of the device stream. */
export const StreamEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sample'),
    time: z.number(),
    value: Value,
    /** Samples this subscriber lost so far because it was too slow. */
    dropped: z.number().int(),
  }),
  z.object({
    kind: z.literal('status'),
    state: z.enum(['streaming', 'waiting', 'error']),
    deviceIntervalMs: z.number().optional(),
    reason: z.string().optional(),
  }),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;

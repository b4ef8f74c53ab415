/**
 * Shapes of the Thinger-compatible server resources: access tokens and their permissions,
 * properties with their history, buckets and their records, endpoints, device callbacks and the
 * user events socket. Field names follow Thinger's API (`created`, `modified`, `enabled`,
 * `config`, `ts`/`val`…) so the REST routes answer with them unchanged.
 */
import { z } from 'zod';
import { Value } from './schemas';

/** Thinger's asset ids (`[a-zA-Z0-9_-]{1,32}` there; a little wider here, as device ids are). */
export const AssetId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 letters, digits, _ or -');
export const PropertyName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 letters, digits, _ or -');

const Name = z.string().regex(/^[A-Za-z0-9_*@.:-]{1,128}$/, 'letters, digits, _ * @ . : -');
const ActionGrant = z.union([
  Name,
  z.record(Name, z.union([Name, z.array(z.string().min(1).max(256)).max(256)])),
]);
/**
 * `{Type: {id: "*" | [action | {action: resources}]}}`: Thinger's token permission. Types are
 * `Device`, `Bucket`, `Endpoint`, `Token` or `*`; actions are Thinger's operation ids
 * (`AccessDeviceResources`, `ReadBucket`, …) or globs (`Read*`, `*`).
 */
export const Permission = z.record(
  Name,
  z.record(Name, z.union([Name, z.array(ActionGrant).max(256)])),
);
export type Permission = z.infer<typeof Permission>;

export const AccessTokenInfo = z.object({
  user: z.string(),
  token: z.string(),
  name: z.string(),
  description: z.string(),
  allow: Permission,
  deny: Permission.optional(),
  enabled: z.boolean(),
  /** ms since epoch; null: never expires. */
  expire: z.number().nullable(),
  /** Device tokens: the device. */
  device: z.string().nullable(),
  created: z.number(),
  modified: z.number(),
});
export type AccessTokenInfo = z.infer<typeof AccessTokenInfo>;

export const Property = z.object({
  property: z.string(),
  value: Value,
  modified: z.number(),
});
export type Property = z.infer<typeof Property>;

export const PropertyChange = z.object({
  property: z.string(),
  /** null: the property was deleted. */
  value: Value.nullable(),
  ts: z.number(),
  /** `device`, `console`, or `token:<id>`. */
  source: z.string(),
});

export const BucketInfo = z.object({
  bucket: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), Value),
  created: z.number().nullable(),
  modified: z.number().nullable(),
  /** Records kept now. */
  records: z.number().int(),
});
export type BucketInfo = z.infer<typeof BucketInfo>;

/** One record as Thinger reads it (`ts`, `val`) plus the device that wrote it. */
export const BucketRecordOut = z.object({ ts: z.number(), val: Value, device: z.string() });

export const EndpointConfigShape = z.object({
  url: z.url(),
  method: z.enum(['POST', 'PUT', 'GET']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Body template: `{{field}}` takes the call's data field, `{{payload}}` the whole data. */
  body: z
    .string()
    .max(64 * 1024)
    .optional(),
});

export const EndpointInfo = z.object({
  endpoint: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.literal('http_request'),
  enabled: z.boolean(),
  config: EndpointConfigShape,
  created: z.number().nullable(),
  modified: z.number().nullable(),
});
export type EndpointInfo = z.infer<typeof EndpointInfo>;

/** What an endpoint answered to a call (a test call shows it). */
export const EndpointAnswer = z.object({
  status: z.number().int(),
  contentType: z.string().nullable(),
  body: z.string(),
  ms: z.number(),
});

export const DeviceStats = z.object({
  connected: z.boolean(),
  connected_ts: z.number().nullable(),
  disconnected_ts: z.number().nullable(),
  ip_address: z.string().nullable(),
  rx_bytes: z.number(),
  tx_bytes: z.number(),
  rx_frames: z.number(),
  tx_frames: z.number(),
  rtt_ms: z.number().nullable(),
});

export const CallbackConfig = z.object({
  actions: z
    .object({
      /** Bucket each callback body is written to. */
      write_bucket: AssetId.optional(),
      /** Properties each callback body sets (`{"property": "field"}` or a bare name: all). */
      set_property: PropertyName.optional(),
    })
    .strict(),
});

/** One event of the user events socket (Thinger's names). */
export const UserEvent = z.object({
  event: z.enum([
    'device_state_change',
    'device_property_update',
    'device_property_delete',
    'bucket_data_write',
    'bucket_export_completed',
    // Thinger's alarm event names: raised, acknowledged, back to normal, off the list.
    'alarm_instance_activate',
    'alarm_instance_update',
    'alarm_instance_normalize',
    'alarm_instance_delete',
  ]),
  user: z.string(),
  ts: z.number(),
  device: z.string().optional(),
  state: z.enum(['connected', 'disconnected']).optional(),
  property: z.string().optional(),
  bucket: z.string().optional(),
  value: Value.optional(),
  source: z.string().optional(),
  /** Alarm events: the rule, the alarm (`<rule>@<device>`), its severity and who acted. */
  rule: z.string().optional(),
  instance: z.string().optional(),
  severity: z.string().optional(),
  by: z.string().optional(),
  /** bucket_export_completed: the file, where to download it (Thinger's `file://` form), status. */
  file: z.string().optional(),
  url: z.string().optional(),
  status: z.string().optional(),
});
export type UserEvent = z.infer<typeof UserEvent>;

/** One asynchronous bucket export (Thinger's `exports` of a bucket). */
export const ExportInfo = z.object({
  file: z.string(),
  bucket: z.string(),
  data_type: z.enum(['csv', 'json']),
  status: z.enum(['running', 'done', 'failed']),
  records: z.number().int(),
  truncated: z.boolean(),
  size: z.number().int(),
  created: z.number(),
  finished: z.number().nullable(),
  error: z.string().nullable(),
});

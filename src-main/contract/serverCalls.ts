/**
 * Calls of the Thinger-compatible server resources: access tokens, device statistics,
 * properties, buckets, endpoints and HTTP device callbacks. Spread into `calls` (calls.ts); the
 * Thinger REST routes (api/thinger/) map onto them one to one.
 */
import { z } from 'zod';
import { call } from './define';
import { DeviceRef, Id, Value } from './schemas';
import {
  AccessTokenInfo,
  AssetId,
  BucketInfo,
  BucketRecordOut,
  CallbackConfig,
  DeviceStats,
  EndpointAnswer,
  EndpointConfigShape,
  EndpointInfo,
  ExportInfo,
  Permission,
  Property,
  PropertyChange,
  PropertyName,
} from './serverSchemas';

const LOCAL = 5_000;
/** An endpoint call waits for a third-party HTTP server (8 s, DeviceServices) and a little more. */
const ENDPOINT_CALL_TIMEOUT_MS = 10_000;
/** Rows one bucket read answers with at most (Thinger's `items` cap is 1000 too). */
const MAX_BUCKET_ITEMS = 1000;
/** Records one export holds at most: a range larger than this is cut and says so. */
export const MAX_EXPORT_RECORDS = 50_000;

const UserRef = z.object({ user: Id });
const Text = z.string().max(1024);
const TokenId = z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, '1–50 letters, digits, _ or -');
const PropertyRef = DeviceRef.extend({ property: PropertyName });
const BucketRef = UserRef.extend({ bucket: AssetId });
const EndpointRef = UserRef.extend({ endpoint: AssetId });
/** ms since epoch, as Thinger's `min_ts`/`max_ts`/`expire` are. */
const Millis = z.number().int().min(0);
const ExportFile = z.string().regex(/^[A-Za-z0-9_.-]{1,160}$/, 'an export file name');

export const serverCalls = {
  'tokens.list': call({
    summary: "A user's access tokens (their configuration; token strings are never kept)",
    request: UserRef.extend({ device: Id.optional() }).strict(),
    response: z.object({ tokens: z.array(AccessTokenInfo) }),
    timeoutMs: LOCAL,
  }),
  'tokens.create': call({
    summary:
      'Create an access token: named, scoped by `allow` (and `deny`), optionally expiring; `access_token` (the JWT) is returned now and never again',
    request: UserRef.extend({
      token: TokenId.optional(),
      name: z.string().min(1).max(128),
      description: Text.optional(),
      allow: Permission,
      deny: Permission.optional(),
      enabled: z.boolean().optional(),
      expire: Millis.nullable().optional(),
      /** A device token: only this device (the `dev` claim the mobile app reads). */
      device: Id.optional(),
      /** Device tokens: the resources it opens (`res`); none: all of them. */
      resources: z.array(z.string().min(1).max(256)).max(256).optional(),
    }).strict(),
    response: z.object({ token: AccessTokenInfo, access_token: z.string() }),
    timeoutMs: LOCAL,
  }),
  'tokens.update': call({
    summary: 'Change a token (name, permission, enabled, expiry); sockets using it are re-checked',
    request: UserRef.extend({
      token: TokenId,
      name: z.string().min(1).max(128).optional(),
      description: Text.optional(),
      allow: Permission.optional(),
      deny: Permission.nullable().optional(),
      enabled: z.boolean().optional(),
      expire: Millis.nullable().optional(),
    }).strict(),
    response: AccessTokenInfo,
    timeoutMs: LOCAL,
  }),
  'tokens.remove': call({
    summary: 'Revoke a token: it stops working now and sockets opened with it are closed',
    request: UserRef.extend({ token: TokenId }).strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL,
  }),
  'devices.stats': call({
    summary: "A device's connection statistics in Thinger's shape (connected, ip_address, bytes…)",
    request: DeviceRef.strict(),
    response: DeviceStats,
    timeoutMs: LOCAL,
  }),
  'properties.list': call({
    summary: "A device's properties",
    request: DeviceRef.strict(),
    response: z.object({ properties: z.array(Property) }),
    timeoutMs: LOCAL,
  }),
  'properties.get': call({
    summary: 'One property',
    request: PropertyRef.strict(),
    response: Property,
    timeoutMs: LOCAL,
  }),
  'properties.set': call({
    summary:
      'Create or replace a property (a JSON value up to 64 KiB); the device hears of it if it subscribed',
    request: PropertyRef.extend({ value: Value }).strict(),
    response: Property,
    timeoutMs: LOCAL,
  }),
  'properties.remove': call({
    summary: 'Delete a property (all of them without `property`)',
    request: DeviceRef.extend({ property: PropertyName.optional() }).strict(),
    response: z.object({ removed: z.number().int() }),
    timeoutMs: LOCAL,
  }),
  'properties.history': call({
    summary: "A property's changes, newest first, with who made each (device, console, token)",
    request: PropertyRef.extend({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    response: z.object({ changes: z.array(PropertyChange) }),
    timeoutMs: LOCAL,
  }),
  'buckets.list': call({
    summary: "A user's buckets: configured ones and those devices wrote to",
    request: UserRef.strict(),
    response: z.object({ buckets: z.array(BucketInfo) }),
    timeoutMs: LOCAL,
  }),
  'buckets.get': call({
    summary: "One bucket's configuration and record count",
    request: BucketRef.strict(),
    response: BucketInfo,
    timeoutMs: LOCAL,
  }),
  'buckets.create': call({
    summary: 'Create a bucket (Thinger shape: name, description, enabled, config.source)',
    request: BucketRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      enabled: z.boolean().optional(),
      config: z.record(z.string(), Value).optional(),
    }).strict(),
    response: BucketInfo,
    timeoutMs: LOCAL,
  }),
  'buckets.update': call({
    summary: "Change a bucket's configuration",
    request: BucketRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      enabled: z.boolean().optional(),
      config: z.record(z.string(), Value).optional(),
    }).strict(),
    response: BucketInfo,
    timeoutMs: LOCAL,
  }),
  'buckets.remove': call({
    summary: 'Delete a bucket with all its records',
    request: BucketRef.strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL,
  }),
  'buckets.clear': call({
    summary: "Delete a bucket's records, keep its configuration",
    request: BucketRef.strict(),
    response: z.object({ removed: z.number().int() }),
    timeoutMs: LOCAL,
  }),
  'buckets.read': call({
    summary: `Records of a bucket in a time range, newest first unless sort is asc; at most ${MAX_BUCKET_ITEMS} per page, \`more\` says another page follows (ask again from the last ts)`,
    request: BucketRef.extend({
      items: z.number().int().min(1).max(MAX_BUCKET_ITEMS).optional(),
      sort: z.enum(['asc', 'desc']).optional(),
      minTs: Millis.optional(),
      maxTs: Millis.optional(),
      device: Id.optional(),
    }).strict(),
    response: z.object({ records: z.array(BucketRecordOut), more: z.boolean() }),
    timeoutMs: LOCAL,
  }),
  'buckets.write': call({
    summary: 'Write one record (a JSON value) to a bucket, as `api` or the given device',
    request: BucketRef.extend({
      data: Value,
      ts: Millis.optional(),
      device: Id.optional(),
    }).strict(),
    response: z.object({ ts: z.number() }),
    timeoutMs: LOCAL,
  }),
  'buckets.export': call({
    summary: `A range of a bucket as CSV (one column per field, flattened) or JSON, oldest first; at most ${MAX_EXPORT_RECORDS} records (\`truncated\` says when cut)`,
    request: BucketRef.extend({
      format: z.enum(['csv', 'json']),
      minTs: Millis.optional(),
      maxTs: Millis.optional(),
      timestampFormat: z.enum(['iso', 'milliseconds', 'seconds']).optional(),
    }).strict(),
    response: z.object({
      filename: z.string(),
      contentType: z.string(),
      text: z.string(),
      records: z.number().int(),
      truncated: z.boolean(),
    }),
    timeoutMs: 30_000,
  }),
  'buckets.startExport': call({
    summary: `Export a range of a bucket in the background (CSV or JSON, ≤ ${MAX_EXPORT_RECORDS} records): answers the file at once; bucket_export_completed on the events socket when it is ready; 2 at a time, the newest 20 kept`,
    request: BucketRef.extend({
      format: z.enum(['csv', 'json']),
      minTs: Millis.optional(),
      maxTs: Millis.optional(),
      timestampFormat: z.enum(['iso', 'milliseconds', 'seconds']).optional(),
    }).strict(),
    response: ExportInfo,
    timeoutMs: LOCAL,
  }),
  'buckets.exports': call({
    summary: "A bucket's exports, newest first (running, done, failed)",
    request: BucketRef.strict(),
    response: z.object({ exports: z.array(ExportInfo) }),
    timeoutMs: LOCAL,
  }),
  'buckets.exportFile': call({
    summary: 'A finished export: its text (CONFLICT while it is still being built)',
    request: BucketRef.extend({ file: ExportFile }).strict(),
    response: z.object({ info: ExportInfo, contentType: z.string(), text: z.string() }),
    timeoutMs: 30_000,
  }),
  'buckets.removeExport': call({
    summary: 'Delete an export file',
    request: BucketRef.extend({ file: ExportFile }).strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL,
  }),
  'endpoints.list': call({
    summary: 'HTTP endpoints devices and scripts can call by name',
    request: UserRef.strict(),
    response: z.object({ endpoints: z.array(EndpointInfo) }),
    timeoutMs: LOCAL,
  }),
  'endpoints.get': call({
    summary: 'One endpoint',
    request: EndpointRef.strict(),
    response: EndpointInfo,
    timeoutMs: LOCAL,
  }),
  'endpoints.create': call({
    summary: 'Create an HTTP endpoint (url, method, headers, a body template with {{field}})',
    request: EndpointRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      type: z.literal('http_request').optional(),
      enabled: z.boolean().optional(),
      config: EndpointConfigShape,
    }).strict(),
    response: EndpointInfo,
    timeoutMs: LOCAL,
  }),
  'endpoints.update': call({
    summary: 'Change an endpoint',
    request: EndpointRef.extend({
      name: Text.optional(),
      description: Text.optional(),
      type: z.literal('http_request').optional(),
      enabled: z.boolean().optional(),
      config: EndpointConfigShape.optional(),
    }).strict(),
    response: EndpointInfo,
    timeoutMs: LOCAL,
  }),
  'endpoints.remove': call({
    summary: 'Delete an endpoint',
    request: EndpointRef.strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL,
  }),
  'endpoints.call': call({
    summary:
      "Call an endpoint with data (the body template's fields); answers with what it answered",
    request: EndpointRef.extend({ data: Value.optional() }).strict(),
    response: EndpointAnswer,
    timeoutMs: ENDPOINT_CALL_TIMEOUT_MS,
  }),
  'callbacks.get': call({
    summary: "A device's HTTP callback: what a POST to its callback/data does",
    request: DeviceRef.strict(),
    response: CallbackConfig,
    timeoutMs: LOCAL,
  }),
  'callbacks.set': call({
    summary: "Configure a device's HTTP callback (write_bucket, set_property)",
    request: DeviceRef.extend(CallbackConfig.shape).strict(),
    response: CallbackConfig,
    timeoutMs: LOCAL,
  }),
  'callbacks.call': call({
    summary:
      "Data an HTTP device sends: runs its callback's actions (bucket write, property) as that device",
    request: DeviceRef.extend({ data: Value }).strict(),
    response: z.object({ written: z.array(z.string()) }),
    timeoutMs: LOCAL,
  }),
} as const;

/**
 * Thinger.io's REST API as its public clients call it (Node-RED nodes, the mobile app, the VS
 * Code OTA extension, scripts written against api.thinger.io): the paths, bodies, answers and
 * status codes of Thinger's OpenAPI file, each route a thin mapping onto the contract's calls.
 * `operation` is Thinger's operation id, the action an access token must be granted.
 */
import { ApiError, ApiErrorCode, type Device, type Value } from '../contract';
import type { Need } from '../auth/permissions';
import { RawBody } from './rawBody';
import type { RestRoute } from './routes';

type P = Record<string, string>;
const USER = '/v1/users/{user}';
const DEVICES = `${USER}/devices`;
const DEVICE1 = `${DEVICES}/{device}`;
const DEVICE3 = '/v3/users/{user}/devices/{device}';
const BUCKETS = `${USER}/buckets`;
const ENDPOINTS = `${USER}/endpoints`;
const TOKENS = `${USER}/tokens`;

const obj = (b: unknown): Record<string, unknown> =>
  b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
/** Only the fields present in `b` among `keys` (Thinger bodies carry more than we keep). */
const pick = (b: unknown, keys: string[]): Record<string, unknown> => {
  const o = obj(b);
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
};
const num = (v: string | null): number | undefined =>
  v === null || v === '' ? undefined : Number(v);

const on =
  (type: string, key: string | null, action: string) =>
  (p: P): Need => ({ type, id: key ? p[key]! : '*', action });

/** A device as Thinger lists it (`connection.active` is what its clients read as online). */
export function thingerDevice(d: Device): Record<string, unknown> {
  const s = d.status;
  return {
    device: d.device,
    name: d.name,
    description: d.description,
    type: d.type ?? 'Generic',
    enabled: d.enabled ?? true,
    user: d.user,
    created: d.createdAt,
    modified: d.credentialUpdatedAt,
    connection: {
      active: s.online,
      ts: s.online ? s.connectedSince : s.lastSeen,
      ...(s.remoteAddress ? { ip_address: s.remoteAddress } : {}),
      ...(s.transport ? { transport: s.transport } : {}),
    },
  };
}

/** Thinger's `?id=`, `?name=`, `?type=`, `?index=`/`?count=` on device lists. */
function filterDevices(list: Device[], q: URLSearchParams): Record<string, unknown>[] {
  const id = q.get('id');
  const name = q.get('name')?.toLowerCase();
  const type = q.get('type');
  let out = list.filter(
    (d) =>
      d.registered &&
      (id === null || d.device === id) &&
      (!name || d.device.toLowerCase().includes(name) || d.name.toLowerCase().includes(name)) &&
      (type === null || type === '' || (d.type ?? 'Generic') === type),
  );
  const index = num(q.get('index')) ?? 0;
  const count = num(q.get('count'));
  out = out.slice(index, count ? index + count : undefined);
  return out.map(thingerDevice);
}

/** v2's `{"in": …}` body (Thinger's mobile app); a bare body is the input too (its docs' curl). */
const v2Input = (body: unknown): unknown => {
  const o = obj(body);
  return Object.keys(o).length === 1 && 'in' in o ? o.in : body;
};
const v2Output = (r: unknown): unknown => {
  const v = (r as { value: Value }).value;
  return v === null ? {} : { out: v };
};
const resourceInput = (p: P, body: unknown): Record<string, unknown> => ({
  user: p.user,
  device: p.device,
  resource: p.resource,
  ...(body === undefined ? {} : { input: body }),
});
const onResource = (p: P): Need => ({
  type: 'Device',
  id: p.device!,
  action: 'AccessDeviceResources',
  resource: p.resource!,
});

const value = (r: unknown): unknown => (r as { value: unknown }).value;
const notFound = (message: string): ApiError => new ApiError(ApiErrorCode.NOT_FOUND, message);
/** Symbol a bucket page carries to say another page follows (header `x-more-records`). */
export const MORE = Symbol('more');
const bucketQuery = [
  { name: 'items', type: 'integer' as const, description: 'records per page (≤ 1000)' },
  { name: 'sort', type: 'string' as const, description: 'desc (default) or asc' },
  { name: 'min_ts', type: 'integer' as const, description: 'from this time (ms)' },
  { name: 'max_ts', type: 'integer' as const, description: 'up to this time (ms)' },
  { name: 'device', type: 'string' as const, description: 'records this device wrote' },
];

export const thingerRoutes: RestRoute[] = [
  // Devices -------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: DEVICES,
    summary:
      'Devices in Thinger shape (connection.active, created, type, enabled); ?id, ?name, ?type, ?index, ?count',
    call: 'devices.list',
    operation: 'ListDevices',
    scope: on('Device', null, 'ListDevices'),
    query: [
      { name: 'id', type: 'string', description: 'this device only' },
      { name: 'name', type: 'string', description: 'id or name contains' },
      { name: 'type', type: 'string', description: 'Generic, HTTP, …' },
      { name: 'index', type: 'integer', description: 'skip this many' },
      { name: 'count', type: 'integer', description: 'at most this many' },
    ],
    input: (p) => ({ user: p.user }),
    output: (r, q) => filterDevices((r as { devices: Device[] }).devices, q),
  },
  {
    method: 'POST',
    path: DEVICES,
    summary:
      'Create a device {device, type, credentials, name, description, enabled}; without credentials one is generated and answered once',
    call: 'devices.add',
    operation: 'CreateDevice',
    scope: on('Device', null, 'CreateDevice'),
    thinger: true,
    input: (p, _q, b) => {
      const o = obj(b);
      return {
        user: p.user,
        device: o.device ?? o.device_id,
        ...pick(b, ['name', 'description', 'type', 'enabled']),
        ...(o.credentials !== undefined || o.device_credentials !== undefined
          ? { credential: o.credentials ?? o.device_credentials }
          : {}),
        ...(o.description === undefined && o.device_description !== undefined
          ? { description: o.device_description }
          : {}),
      };
    },
    output: (r) => {
      const { device, credential } = r as { device: Device; credential: string };
      return { ...thingerDevice(device), credentials: credential };
    },
  },
  {
    method: 'GET',
    path: `${DEVICE1}/stats`,
    summary: 'Connection statistics {connected, connected_ts, ip_address, rx_bytes, tx_bytes}',
    call: 'devices.stats',
    operation: 'ReadDeviceStatistics',
    scope: on('Device', 'device', 'ReadDeviceStatistics'),
    input: (p) => ({ user: p.user, device: p.device }),
  },
  {
    method: 'GET',
    path: `${DEVICE1}/tokens`,
    summary:
      "A device's tokens [{id, name, expire, resources}] (token strings are shown once only)",
    call: 'tokens.list',
    operation: 'ListDeviceTokens',
    scope: on('Device', 'device', 'ListDeviceTokens'),
    input: (p) => ({ user: p.user, device: p.device }),
    output: (r) =>
      (r as { tokens: { token: string; name: string; expire: number | null }[] }).tokens.map(
        (t) => ({ id: t.token, name: t.name, expire: t.expire }),
      ),
  },
  {
    method: 'POST',
    path: `${DEVICE1}/tokens`,
    summary:
      'Create a device token {token_name, token_resources, token_expiration (ms)}: answers {id, name, token} (the JWT the mobile app scans, shown once)',
    call: 'tokens.create',
    operation: 'CreateDeviceToken',
    scope: on('Device', 'device', 'CreateDeviceToken'),
    input: (p, _q, b) => {
      const o = obj(b);
      const resources = Array.isArray(o.token_resources) ? o.token_resources : undefined;
      return {
        user: p.user,
        device: p.device,
        name: o.token_name ?? o.name,
        ...(resources ? { resources } : {}),
        ...(o.token_expiration !== undefined ? { expire: o.token_expiration } : {}),
        allow: {
          Device: {
            [p.device!]: [
              resources?.length ? { AccessDeviceResources: resources } : 'AccessDeviceResources',
              'ListDeviceResources',
              'ReadDeviceStatus',
            ],
          },
        },
      };
    },
    output: (r) => {
      const { token, access_token } = r as {
        token: { token: string; name: string };
        access_token: string;
      };
      return { id: token.token, name: token.name, token: access_token };
    },
  },
  {
    method: 'DELETE',
    path: `${DEVICE1}/tokens/{token}`,
    summary: 'Revoke a device token',
    call: 'tokens.remove',
    operation: 'DeleteDeviceToken',
    scope: on('Device', 'device', 'DeleteDeviceToken'),
    input: (p) => ({ user: p.user, token: p.token }),
    output: (r) => r,
  },
  {
    method: 'GET',
    path: DEVICE1,
    summary: 'One device in Thinger shape',
    call: 'devices.get',
    operation: 'ReadDeviceStatus',
    scope: on('Device', 'device', 'ReadDeviceStatus'),
    input: (p) => ({ user: p.user, device: p.device }),
    output: (r) => thingerDevice(r as Device),
  },
  {
    method: 'PUT',
    path: DEVICE1,
    summary: 'Update a device {name, description, enabled, credentials}',
    call: 'devices.update',
    operation: 'UpdateDevice',
    scope: on('Device', 'device', 'UpdateDevice'),
    input: (p, _q, b) => ({
      user: p.user,
      device: p.device,
      ...pick(b, ['name', 'description', 'enabled']),
    }),
    run: async (call, p, _q, b) => {
      const o = obj(b);
      if (o.credentials !== undefined)
        await call('devices.resetCredential', {
          user: p.user,
          device: p.device,
          credential: o.credentials,
        });
      return thingerDevice(
        (await call('devices.update', {
          user: p.user,
          device: p.device,
          ...pick(b, ['name', 'description', 'enabled']),
        })) as Device,
      );
    },
  },
  {
    method: 'DELETE',
    path: DEVICE1,
    summary: 'Delete a device (a live connection is closed)',
    call: 'devices.remove',
    operation: 'DeleteDevice',
    scope: on('Device', 'device', 'DeleteDevice'),
    input: (p) => ({ user: p.user, device: p.device }),
    run: async (call, p) => {
      const r = (await call('devices.remove', { user: p.user, device: p.device })) as {
        removed: boolean;
      };
      if (!r.removed) throw notFound(`no device ${p.device}`);
      return r;
    },
  },
  // Resources: v2 envelopes, v1 bare -------------------------------------------------------------
  {
    method: 'GET',
    path: '/v2/users/{user}/devices/{device}/api',
    summary: "The device's resources (describe)",
    call: 'resources.describe',
    operation: 'ListDeviceResources',
    scope: on('Device', 'device', 'ListDeviceResources'),
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device }),
    output: value,
  },
  {
    method: 'GET',
    path: '/v2/users/{user}/devices/{device}/{resource+}/api',
    summary: "One resource's description",
    call: 'resources.describe',
    operation: 'ListDeviceResources',
    scope: onResource,
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device, resource: p.resource }),
    output: value,
  },
  {
    method: 'GET',
    path: '/v2/users/{user}/devices/{device}/{resource+}',
    summary: 'Read a resource: {"out": value}',
    call: 'resources.read',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device, resource: p.resource }),
    output: v2Output,
  },
  {
    method: 'POST',
    path: '/v2/users/{user}/devices/{device}/{resource+}',
    summary: 'Run a resource with {"in": value} (or a bare body): {"out": value}',
    call: 'resources.run',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    bodyIsInput: true,
    input: (p, _q, b) => resourceInput(p, b === undefined ? undefined : v2Input(b)),
    output: v2Output,
  },
  {
    method: 'GET',
    path: `${DEVICE1}/{resource+}`,
    summary: 'Run a resource without input; answers with its output',
    call: 'resources.read',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device, resource: p.resource }),
    output: value,
  },
  {
    method: 'POST',
    path: `${DEVICE1}/{resource+}`,
    summary: 'Run a resource; the JSON body is its input',
    call: 'resources.run',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    bodyIsInput: true,
    input: (p, _q, b) => resourceInput(p, b),
    output: value,
  },
  // Properties ----------------------------------------------------------------------------------
  {
    method: 'GET',
    path: `${DEVICE3}/properties`,
    summary: "A device's properties [{property, value, modified}]",
    call: 'properties.list',
    operation: 'ListDeviceProperties',
    scope: on('Device', 'device', 'ListDeviceProperties'),
    input: (p) => ({ user: p.user, device: p.device }),
    output: (r) => (r as { properties: unknown[] }).properties,
  },
  {
    method: 'POST',
    path: `${DEVICE3}/properties`,
    summary: 'Create properties: {property, value} or an array of them',
    call: 'properties.set',
    operation: 'CreateDeviceProperty',
    scope: on('Device', 'device', 'CreateDeviceProperty'),
    input: (p, _q, b) => ({ user: p.user, device: p.device, ...pick(b, ['property', 'value']) }),
    run: async (call, p, _q, b) => {
      const list = Array.isArray(b) ? b : [b];
      const out: unknown[] = [];
      for (const item of list)
        out.push(
          await call('properties.set', {
            user: p.user,
            device: p.device,
            ...pick(item, ['property', 'value']),
          }),
        );
      return Array.isArray(b) ? out : out[0];
    },
  },
  {
    method: 'DELETE',
    path: `${DEVICE3}/properties`,
    summary: "Delete all of a device's properties",
    call: 'properties.remove',
    operation: 'DeleteDeviceProperties',
    scope: on('Device', 'device', 'DeleteDeviceProperties'),
    input: (p) => ({ user: p.user, device: p.device }),
  },
  {
    method: 'GET',
    path: `${DEVICE3}/properties/{property}`,
    summary: 'One property {property, value, modified}',
    call: 'properties.get',
    operation: 'ReadDeviceProperty',
    scope: on('Device', 'device', 'ReadDeviceProperty'),
    input: (p) => ({ user: p.user, device: p.device, property: p.property }),
  },
  {
    method: 'PUT',
    path: `${DEVICE3}/properties/{property}`,
    summary: 'Replace a property: {value}',
    call: 'properties.set',
    operation: 'UpdateDeviceProperty',
    scope: on('Device', 'device', 'UpdateDeviceProperty'),
    input: (p, _q, b) => ({
      user: p.user,
      device: p.device,
      property: p.property,
      ...pick(b, ['value']),
    }),
  },
  {
    method: 'PATCH',
    path: `${DEVICE3}/properties/{property}`,
    summary: "Merge into a property's value (JSON merge patch of {value})",
    call: 'properties.set',
    operation: 'UpdateDeviceProperty',
    scope: on('Device', 'device', 'UpdateDeviceProperty'),
    input: (p, _q, b) => ({
      user: p.user,
      device: p.device,
      property: p.property,
      ...pick(b, ['value']),
    }),
    run: async (call, p, _q, b) => {
      const cur = (await call('properties.get', {
        user: p.user,
        device: p.device,
        property: p.property,
      })) as {
        value: Value;
      };
      return call('properties.set', {
        user: p.user,
        device: p.device,
        property: p.property,
        value: mergePatch(cur.value, obj(b).value as Value),
      });
    },
  },
  {
    method: 'DELETE',
    path: `${DEVICE3}/properties/{property}`,
    summary: 'Delete a property',
    call: 'properties.remove',
    operation: 'DeleteDeviceProperty',
    scope: on('Device', 'device', 'DeleteDeviceProperty'),
    input: (p) => ({ user: p.user, device: p.device, property: p.property }),
  },
  // HTTP device callbacks -------------------------------------------------------------------------
  {
    method: 'GET',
    path: `${DEVICE3}/callback`,
    summary: "An HTTP device's callback {actions: {write_bucket, set_property}}",
    call: 'callbacks.get',
    operation: 'ReadDeviceCallbackConfig',
    scope: on('Device', 'device', 'ReadDeviceCallbackConfig'),
    input: (p) => ({ user: p.user, device: p.device }),
  },
  {
    method: 'PUT',
    path: `${DEVICE3}/callback`,
    summary: "Configure an HTTP device's callback",
    call: 'callbacks.set',
    operation: 'UpdateDeviceCallback',
    scope: on('Device', 'device', 'UpdateDeviceCallback'),
    input: (p, _q, b) => ({ user: p.user, device: p.device, actions: obj(obj(b).actions) }),
  },
  {
    method: 'POST',
    path: `${DEVICE3}/callback/data`,
    summary: 'Data from an HTTP device: its callback actions run as that device',
    call: 'callbacks.call',
    operation: 'CallDeviceCallback',
    scope: on('Device', 'device', 'CallDeviceCallback'),
    input: (p, _q, b) => ({ user: p.user, device: p.device, data: b ?? null }),
  },
  // Buckets -------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: BUCKETS,
    summary: 'Buckets [{bucket, name, description, enabled, config, created, modified}]',
    call: 'buckets.list',
    operation: 'ListBuckets',
    scope: on('Bucket', null, 'ListBuckets'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { buckets: unknown[] }).buckets,
  },
  {
    method: 'POST',
    path: BUCKETS,
    summary: 'Create a bucket {bucket, name, description, enabled, config: {source}}',
    call: 'buckets.create',
    operation: 'CreateBucket',
    scope: on('Bucket', null, 'CreateBucket'),
    thinger: true,
    input: (p, _q, b) => ({
      user: p.user,
      ...pick(b, ['bucket', 'name', 'description', 'enabled', 'config']),
    }),
  },
  {
    method: 'GET',
    path: `${BUCKETS}/{bucket}`,
    summary: "One bucket's configuration",
    call: 'buckets.get',
    operation: 'ReadBucketConfig',
    scope: on('Bucket', 'bucket', 'ReadBucketConfig'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
  },
  {
    method: 'PUT',
    path: `${BUCKETS}/{bucket}`,
    summary: "Change a bucket's configuration",
    call: 'buckets.update',
    operation: 'UpdateBucket',
    scope: on('Bucket', 'bucket', 'UpdateBucket'),
    input: (p, _q, b) => ({
      user: p.user,
      bucket: p.bucket,
      ...pick(b, ['name', 'description', 'enabled', 'config']),
    }),
  },
  {
    method: 'DELETE',
    path: `${BUCKETS}/{bucket}`,
    summary: 'Delete a bucket and its records',
    call: 'buckets.remove',
    operation: 'DeleteBucket',
    scope: on('Bucket', 'bucket', 'DeleteBucket'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
  },
  ...['v1', 'v2'].map((v): RestRoute => ({
    method: 'GET',
    path: `/${v}/users/{user}/buckets/{bucket}/data`,
    summary:
      'Records [{ts, val, device}], newest first (?sort=asc), ?items ≤ 1000 (header x-more-records: true when a page follows), ?min_ts, ?max_ts; ?format=csv|json downloads the range (≤ 50,000 records)',
    call: 'buckets.read',
    operation: 'ReadBucket',
    scope: on('Bucket', 'bucket', 'ReadBucket'),
    query: [
      ...bucketQuery,
      { name: 'format', type: 'string', description: 'csv or json: a download' },
    ],
    input: (p, q) => bucketInput(p, q),
    run: async (call, p, q) => {
      const format = q.get('format');
      if (format === 'csv' || format === 'json') {
        const e = (await call('buckets.export', {
          user: p.user,
          bucket: p.bucket,
          format,
          ...(q.get('min_ts') ? { minTs: num(q.get('min_ts')) } : {}),
          ...(q.get('max_ts') ? { maxTs: num(q.get('max_ts')) } : {}),
          ...(q.get('timestamp_format') ? { timestampFormat: q.get('timestamp_format') } : {}),
        })) as { contentType: string; text: string; filename: string };
        return new RawBody(e.contentType, e.text, e.filename);
      }
      const r = (await call('buckets.read', bucketInput(p, q))) as {
        records: unknown[];
        more: boolean;
      };
      return Object.assign(r.records, { [MORE]: r.more });
    },
  })),
  {
    method: 'POST',
    path: `${BUCKETS}/{bucket}/data`,
    summary: 'Write a record (the JSON body) to a bucket',
    call: 'buckets.write',
    operation: 'WriteBucket',
    scope: on('Bucket', 'bucket', 'WriteBucket'),
    input: (p, _q, b) => ({ user: p.user, bucket: p.bucket, data: b ?? null }),
  },
  {
    method: 'DELETE',
    path: `${BUCKETS}/{bucket}/data`,
    summary: "Delete a bucket's records, keep its configuration",
    call: 'buckets.clear',
    operation: 'ClearBucket',
    scope: on('Bucket', 'bucket', 'ClearBucket'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
  },
  // Bucket exports (asynchronous) --------------------------------------------------------------
  {
    method: 'POST',
    path: `${BUCKETS}/{bucket}/exports`,
    summary:
      'Export a range in the background {data_type: csv|json, timestamp_format, min_ts, max_ts (0: unbounded)}: answers {file, status} at once; bucket_export_completed on the events socket when ready',
    call: 'buckets.startExport',
    operation: 'CreateBucketExport',
    scope: on('Bucket', 'bucket', 'CreateBucketExport'),
    input: (p, _q, b) => exportInput(p, b),
    run: (call, p, _q, b) => call('buckets.startExport', exportInput(p, b)),
  },
  {
    method: 'GET',
    path: `${BUCKETS}/{bucket}/exports`,
    summary: "A bucket's exports [{file, status, data_type, records, size, created, finished}]",
    call: 'buckets.exports',
    operation: 'ListBucketExports',
    scope: on('Bucket', 'bucket', 'ListBucketExports'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
    output: (r) => (r as { exports: unknown[] }).exports,
  },
  {
    method: 'GET',
    path: `${BUCKETS}/{bucket}/exports/{file}`,
    summary: 'Download a finished export (409 while it is being built)',
    call: 'buckets.exportFile',
    operation: 'ReadBucketExport',
    scope: on('Bucket', 'bucket', 'ReadBucketExport'),
    input: (p) => ({ user: p.user, bucket: p.bucket, file: p.file }),
    output: (r) => {
      const e = r as { contentType: string; text: string; info: { file: string } };
      return new RawBody(e.contentType, e.text, e.info.file);
    },
  },
  {
    method: 'DELETE',
    path: `${BUCKETS}/{bucket}/exports/{file}`,
    summary: 'Delete an export file',
    call: 'buckets.removeExport',
    operation: 'DeleteBucketExport',
    scope: on('Bucket', 'bucket', 'DeleteBucketExport'),
    input: (p) => ({ user: p.user, bucket: p.bucket, file: p.file }),
  },
  // Endpoints -----------------------------------------------------------------------------------
  {
    method: 'GET',
    path: ENDPOINTS,
    summary: 'Endpoints [{endpoint, name, description, type, enabled, config}]',
    call: 'endpoints.list',
    operation: 'ListEndpoints',
    scope: on('Endpoint', null, 'ListEndpoints'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { endpoints: unknown[] }).endpoints,
  },
  {
    method: 'POST',
    path: ENDPOINTS,
    summary:
      'Create an HTTP endpoint {endpoint, name, type: http_request, config: {url, method, headers, body}}',
    call: 'endpoints.create',
    operation: 'CreateEndpoint',
    scope: on('Endpoint', null, 'CreateEndpoint'),
    thinger: true,
    input: (p, _q, b) => ({
      user: p.user,
      ...pick(b, ['endpoint', 'name', 'description', 'type', 'enabled', 'config']),
    }),
  },
  {
    method: 'GET',
    path: `${ENDPOINTS}/{endpoint}`,
    summary: 'One endpoint',
    call: 'endpoints.get',
    operation: 'ReadEndpointConfig',
    scope: on('Endpoint', 'endpoint', 'ReadEndpointConfig'),
    input: (p) => ({ user: p.user, endpoint: p.endpoint }),
  },
  {
    method: 'PUT',
    path: `${ENDPOINTS}/{endpoint}`,
    summary: 'Change an endpoint',
    call: 'endpoints.update',
    operation: 'UpdateEndpoint',
    scope: on('Endpoint', 'endpoint', 'UpdateEndpoint'),
    input: (p, _q, b) => ({
      user: p.user,
      endpoint: p.endpoint,
      ...pick(b, ['name', 'description', 'type', 'enabled', 'config']),
    }),
  },
  {
    method: 'DELETE',
    path: `${ENDPOINTS}/{endpoint}`,
    summary: 'Delete an endpoint',
    call: 'endpoints.remove',
    operation: 'DeleteEndpoint',
    scope: on('Endpoint', 'endpoint', 'DeleteEndpoint'),
    input: (p) => ({ user: p.user, endpoint: p.endpoint }),
  },
  {
    method: 'POST',
    path: `${ENDPOINTS}/{endpoint}/call`,
    summary: "Call an endpoint with the body as its data; answers with the endpoint's own answer",
    call: 'endpoints.call',
    operation: 'CallEndpoint',
    scope: on('Endpoint', 'endpoint', 'CallEndpoint'),
    input: (p, _q, b) => ({
      user: p.user,
      endpoint: p.endpoint,
      ...(b === undefined ? {} : { data: b }),
    }),
    output: (r) => {
      const a = r as { contentType: string | null; body: string };
      return new RawBody(a.contentType ?? 'text/plain; charset=utf-8', a.body);
    },
  },
  // Tokens --------------------------------------------------------------------------------------
  {
    method: 'GET',
    path: TOKENS,
    summary: 'Access tokens [{token, name, enabled, allow, expire, created, modified}]',
    call: 'tokens.list',
    operation: 'ListTokens',
    scope: on('Token', null, 'ListTokens'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { tokens: unknown[] }).tokens,
  },
  {
    method: 'POST',
    path: TOKENS,
    summary:
      'Create an access token {token, name, allow, deny, enabled, expire}: answers its configuration and access_token (the JWT, shown once)',
    call: 'tokens.create',
    operation: 'CreateToken',
    scope: on('Token', null, 'CreateToken'),
    thinger: true,
    input: (p, _q, b) => ({
      user: p.user,
      ...pick(b, ['token', 'name', 'description', 'allow', 'deny', 'enabled', 'expire']),
    }),
    output: (r) => {
      const { token, access_token } = r as { token: object; access_token: string };
      return { ...token, access_token };
    },
  },
  {
    method: 'GET',
    path: `${TOKENS}/{token}`,
    summary: "One token's configuration",
    call: 'tokens.list',
    operation: 'ReadTokenConfig',
    scope: on('Token', 'token', 'ReadTokenConfig'),
    input: (p) => ({ user: p.user }),
    run: async (call, p) => {
      const t = (
        (await call('tokens.list', { user: p.user })) as { tokens: { token: string }[] }
      ).tokens.find((x) => x.token === p.token);
      if (!t) throw notFound(`no token "${p.token}"`);
      return t;
    },
  },
  {
    method: 'PUT',
    path: `${TOKENS}/{token}`,
    summary: 'Change a token (name, allow, deny, enabled, expire); its open sockets are re-checked',
    call: 'tokens.update',
    operation: 'UpdateToken',
    scope: on('Token', 'token', 'UpdateToken'),
    input: (p, _q, b) => ({
      user: p.user,
      token: p.token,
      ...pick(b, ['name', 'description', 'allow', 'deny', 'enabled', 'expire']),
    }),
  },
  {
    method: 'DELETE',
    path: `${TOKENS}/{token}`,
    summary: 'Revoke a token: it stops working now, its open sockets are closed',
    call: 'tokens.remove',
    operation: 'DeleteToken',
    scope: on('Token', 'token', 'DeleteToken'),
    input: (p) => ({ user: p.user, token: p.token }),
    run: async (call, p) => {
      const r = (await call('tokens.remove', { user: p.user, token: p.token })) as {
        removed: boolean;
      };
      if (!r.removed) throw notFound(`no token "${p.token}"`);
      return r;
    },
  },
];

/**
 * Thinger's export body. `min_ts`/`max_ts` of 0 mean no bound (Node-RED's "all" sends 0, 0);
 * `arff` and the email/endpoint callbacks are refused with what works instead.
 */
function exportInput(p: P, b: unknown): Record<string, unknown> {
  const o = obj(b);
  if (o.data_type === 'arff')
    throw new ApiError(ApiErrorCode.BAD_REQUEST, 'arff exports are not supported: use csv or json');
  if (o.callback !== undefined && o.callback !== '')
    throw new ApiError(
      ApiErrorCode.BAD_REQUEST,
      'export callbacks (email, endpoint) are not supported: listen for bucket_export_completed on the events socket',
    );
  const ts = (v: unknown): number | undefined =>
    typeof v === 'number' && v > 0 ? Math.floor(v) : undefined;
  return {
    user: p.user,
    bucket: p.bucket,
    format: o.data_type ?? 'csv',
    ...(ts(o.min_ts) !== undefined ? { minTs: ts(o.min_ts) } : {}),
    ...(ts(o.max_ts) !== undefined ? { maxTs: ts(o.max_ts) } : {}),
    ...(o.timestamp_format !== undefined ? { timestampFormat: o.timestamp_format } : {}),
  };
}

function bucketInput(p: P, q: URLSearchParams): Record<string, unknown> {
  return {
    user: p.user,
    bucket: p.bucket,
    ...(q.get('items') ? { items: num(q.get('items')) } : {}),
    ...(q.get('sort') ? { sort: q.get('sort') } : {}),
    ...(q.get('min_ts') ? { minTs: num(q.get('min_ts')) } : {}),
    ...(q.get('max_ts') ? { maxTs: num(q.get('max_ts')) } : {}),
    ...(q.get('device') ? { device: q.get('device') } : {}),
  };
}

/** RFC 7386: objects merge key by key, null deletes, anything else replaces. */
export function mergePatch(target: Value, patch: Value): Value {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, Value>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, Value>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k] ?? null, v);
  }
  return base;
}

/** Thinger's device routes: list (filters), create, read, update, delete, statistics, device tokens. */
import type { Device } from '../../contract';
import type { RestRoute } from '../routes';
import { DEVICE1, DEVICES, notFound, obj, on, pick, num } from './shared';
import { param } from '../routeParam';

function thingerDevice(d: Device): Record<string, unknown> {
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

export const deviceRoutes: RestRoute[] = [
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
            [param(p, 'device')]: [
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
];

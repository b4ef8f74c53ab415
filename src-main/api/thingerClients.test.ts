/**
 * What Thinger's public clients send, replayed with real HTTP and WebSocket clients against the
 * headless API (real broker, SQLite, simulated devices), asserting the answers those clients read.
 * Requests were learnt by reading thinger-io/node-red-contrib-thinger (nodes/*.js,
 * lib/utils/request.js), thinger-io/Mobile-App (src/API, src/store/*Sagas.ts, src/utils/jwt.ts)
 * and thinger-io/vscode-extension (src/thinger-api.ts, src/thinger-ota-instance.ts).
 */
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SimulatedDevice } from '../simulator/SimulatedDevice';
import type { ApiHttp } from './http';
import { onlineDevice, startApiHttpFixture, type ApiHttpFixture } from './testing';

let fx: ApiHttpFixture['fx'];
let http: ApiHttp;
let site: ApiHttpFixture;
let echo: SimulatedDevice;
/** An admin access token, as a Node-RED user pastes into the thinger-server node. */
let admin: string;

beforeAll(async () => {
  site = await startApiHttpFixture();
  ({ fx, http } = site);
  fx.env.service.tokens.server = new URL(http.url).host;
  await fx.env.service.devices.add('site', 'pump', { credential: 'pw2' });
  echo = await startPump();
  admin = await site.adminToken('node_red', 'Node-RED');
});
afterAll(async () => {
  await echo.stop();
  await site.stop();
});

/** A device with a resource whose name has a slash, echoing its input (bytes too). */
const startPump = (): Promise<SimulatedDevice> =>
  onlineDevice(fx.env.service.port('tcp')!, {
    device: 'pump',
    credential: 'pw2',
    profile: {
      name: 'pump',
      resources: { 'raw/echo': { kind: 'rpc' }, flow: { kind: 'sensor', value: 3 } },
    },
  });

/** lib/utils/request.js: Bearer header, JSON or "application/octec-stream;" bodies. */
async function thinger(
  method: string,
  path: string,
  data?: unknown,
  token = admin,
): Promise<{ status: number; payload: unknown; headers: Headers }> {
  const isBuf = data instanceof Buffer;
  const r = await fetch(`${http.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(data === undefined
        ? {}
        : {
            'content-type': isBuf ? 'application/octec-stream;' : 'application/json; charset=utf-8',
          }),
    },
    ...(data === undefined ? {} : { body: isBuf ? data : JSON.stringify(data) }),
  });
  const text = await r.text();
  const type = r.headers.get('content-type') ?? '';
  return {
    status: r.status,
    payload: type.startsWith('application/json') && text ? JSON.parse(text) : text,
    headers: r.headers,
  };
}

const wsUrl = (path: string, token = admin): string =>
  `${http.url.replace('http', 'ws')}${path}?authorization=${token}`;
const opened = (ws: WebSocket): Promise<void> =>
  new Promise((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
const nextMessage = (ws: WebSocket, pred: (m: Record<string, unknown>) => boolean = () => true) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const on = (d: WebSocket.RawData): void => {
      const m = JSON.parse(String(d)) as Record<string, unknown>;
      if (pred(m)) {
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });

describe('Node-RED (node-red-contrib-thinger)', () => {
  it('thinger-server: the token decodes to a payload with usr (and svr)', () => {
    const decoded = jwt.decode(admin, { complete: true }) as { payload: Record<string, unknown> };
    expect(decoded.payload).toMatchObject({ usr: 'site', svr: new URL(http.url).host });
  });

  it('device-read / device-write: v3 resources, JSON and buffer bodies, slash in the name', async () => {
    const read = await thinger('GET', '/v3/users/site/devices/thermo/resources/temperature');
    expect(read.status).toBe(200);
    expect(read.payload).toMatchObject({ celsius: expect.any(Number) });
    expect(
      (await thinger('POST', '/v3/users/site/devices/thermo/resources/heating', true)).status,
    ).toBe(200);
    const json = await thinger('POST', '/v3/users/site/devices/pump/resources/raw/echo', { a: 1 });
    expect(json).toMatchObject({ status: 200, payload: { a: 1 } });
    const bytes = await thinger(
      'POST',
      '/v3/users/site/devices/pump/resources/raw/echo',
      Buffer.from([1, 2, 0xff]),
    );
    // The device got PSON bytes (and echoes them back as bytes).
    expect(bytes).toMatchObject({ status: 200, payload: { $bytes: '0102ff' } });
  });

  it('device-stream: one resources socket, {"resource","interval","enabled"} in, {resource, payload} out', async () => {
    const ws = new WebSocket(wsUrl('/v3/users/site/devices/thermo/resources'));
    await opened(ws);
    ws.send(JSON.stringify({ resource: 'humidity', interval: 1, enabled: true }));
    ws.send(JSON.stringify({ resource: 'temperature', interval: 1, enabled: true }));
    const h = await nextMessage(ws, (m) => m.resource === 'humidity');
    expect(h).toMatchObject({
      resource: 'humidity',
      payload: expect.any(Number),
      ts: expect.any(Number),
    });
    const t = await nextMessage(ws, (m) => m.resource === 'temperature');
    expect(t.payload).toMatchObject({ celsius: expect.any(Number) });
    ws.send(JSON.stringify({ resource: 'humidity', enabled: false }));
    ws.close();
  });

  it('both sockets refuse JSON nested past the PSON depth with a clear BAD_REQUEST and keep working (D6)', async () => {
    const deep = (n: number): string => `{"resource":${'['.repeat(n)}${']'.repeat(n)}}`;
    const res = new WebSocket(wsUrl('/v3/users/site/devices/thermo/resources'));
    const events = new WebSocket(wsUrl('/v1/users/site/events'));
    await Promise.all([opened(res), opened(events)]);
    res.send(deep(3000));
    expect(await nextMessage(res)).toMatchObject({
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/nests deeper than \d+ levels/),
      },
    });
    events.send(deep(3000));
    expect(await nextMessage(events)).toMatchObject({
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/nests deeper than \d+ levels/),
      },
    });
    res.send(JSON.stringify({ resource: 'humidity', interval: 1, enabled: true }));
    expect(await nextMessage(res, (m) => m.resource === 'humidity')).toHaveProperty('payload');
    res.close();
    events.close();
  });

  it('server-events: a subscription filters device_state_change by device and state', async () => {
    const ws = new WebSocket(wsUrl('/v1/users/site/events'));
    await opened(ws);
    ws.send(
      JSON.stringify({ device: 'pump', event: 'device_state_change', state: 'disconnected' }),
    );
    const got = nextMessage(ws);
    await new Promise((r) => setTimeout(r, 50));
    await echo.stop();
    expect(await got).toMatchObject({
      event: 'device_state_change',
      device: 'pump',
      state: 'disconnected',
      user: 'site',
    });
    echo = await startPump();
    ws.close();
  });

  it('device-create: GET 404, POST, GET 200, PUT without device/type', async () => {
    expect((await thinger('GET', '/v1/users/site/devices/lamp')).status).toBe(404);
    const created = await thinger('POST', '/v1/users/site/devices', {
      type: 'Generic',
      device: 'lamp',
      credentials: 'lamp-secret',
      name: 'Lamp',
      description: 'hall',
      enabled: true,
    });
    expect(created).toMatchObject({
      status: 200,
      payload: {
        device: 'lamp',
        name: 'Lamp',
        type: 'Generic',
        enabled: true,
        connection: { active: false },
      },
    });
    expect((await thinger('GET', '/v1/users/site/devices/lamp')).status).toBe(200);
    const updated = await thinger('PUT', '/v1/users/site/devices/lamp', {
      name: 'Lamp 2',
      enabled: true,
      credentials: 'new-secret',
    });
    expect(updated).toMatchObject({ status: 200, payload: { name: 'Lamp 2' } });
    expect(
      (await thinger('POST', '/v1/users/site/devices', { device: 'lamp', credentials: 'x' }))
        .status,
    ).toBe(400);
    expect((await thinger('DELETE', '/v1/users/site/devices/lamp')).status).toBe(200);
    expect((await thinger('DELETE', '/v1/users/site/devices/lamp')).status).toBe(404);
  });

  it('bucket-create, bucket-write, bucket-read (items, sort, min_ts/max_ts paging)', async () => {
    expect((await thinger('GET', '/v1/users/site/buckets/flow')).status).toBe(404);
    const c = await thinger('POST', '/v1/users/site/buckets', {
      bucket: 'flow',
      name: 'Flow',
      description: 'pump flow',
      enabled: true,
      config: { source: 'api' },
    });
    expect(c).toMatchObject({
      status: 200,
      payload: { bucket: 'flow', enabled: true, config: { source: 'api' } },
    });
    expect(
      (
        await thinger('PUT', '/v1/users/site/buckets/flow', {
          name: 'Flow l/min',
          enabled: true,
          config: { source: 'api' },
        })
      ).status,
    ).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await thinger('POST', '/v1/users/site/buckets/flow/data', { lpm: i })).status).toBe(
        200,
      );
    const page = await thinger('GET', '/v1/users/site/buckets/flow/data?items=2&sort=desc&');
    const rows = page.payload as { ts: number; val: { lpm: number } }[];
    expect(rows.map((r) => r.val.lpm)).toEqual([2, 1]);
    expect(page.headers.get('x-more-records')).toBe('true');
    const rest = await thinger(
      'GET',
      `/v1/users/site/buckets/flow/data?items=2&sort=desc&max_ts=${rows[1]!.ts - 1}`,
    );
    expect((rest.payload as unknown[]).length).toBeLessThanOrEqual(1);
    const csv = await thinger('GET', '/v1/users/site/buckets/flow/data?format=csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="flow_/);
    expect(String(csv.payload).split('\r\n')[0]).toBe('ts,device,lpm');
  });

  it('property-write (GET list, POST new, PUT existing) and property-read', async () => {
    const base = '/v3/users/site/devices/thermo/properties';
    expect((await thinger('GET', base)).payload).toEqual([]);
    expect((await thinger('POST', base, { property: 'config', value: { sp: 22 } })).status).toBe(
      200,
    );
    const list = (await thinger('GET', base)).payload as { property: string }[];
    expect(list.map((p) => p.property)).toEqual(['config']);
    expect(
      (await thinger('PUT', `${base}/config`, { value: { sp: 23, mode: 'eco' } })).status,
    ).toBe(200);
    expect(
      (await thinger('PATCH', `${base}/config`, { value: { mode: null } })).payload,
    ).toMatchObject({ value: { sp: 23 } });
    expect((await thinger('GET', `${base}/config`)).payload).toMatchObject({
      property: 'config',
      value: { sp: 23 },
    });
    expect((await thinger('GET', `${base}/nope`)).status).toBe(404);
    expect((await thinger('POST', base, { property: 'bad name!', value: 1 })).status).toBe(400);
  });

  it('device-callback: an HTTP device, its callback to a bucket, and its data', async () => {
    expect(
      (
        await thinger('POST', '/v1/users/site/devices', {
          type: 'HTTP',
          device: 'nr_meter',
          name: 'meter',
          description: 'Auto provisioned Node-RED Device',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await thinger('PUT', '/v3/users/site/devices/nr_meter/callback', {
          actions: { write_bucket: 'nr_meter' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await thinger('POST', '/v1/users/site/buckets', {
          bucket: 'nr_meter',
          name: 'meter',
          config: { source: 'write' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await thinger('POST', '/v3/users/site/devices/nr_meter/callback/data', { kwh: 7 })).status,
    ).toBe(200);
    const rows = (await thinger('GET', '/v1/users/site/buckets/nr_meter/data?items=10')).payload;
    expect(rows).toEqual([expect.objectContaining({ val: { kwh: 7 }, device: 'nr_meter' })]);
  });

  it('endpoint-call: POST …/endpoints/{e}/call with the data', async () => {
    expect((await thinger('POST', '/v1/users/site/endpoints/ghost/call', { a: 1 })).status).toBe(
      404,
    );
  });
});

describe('Thinger mobile app', () => {
  it('lists devices with connection.active and reads stats', async () => {
    const list = (await thinger('GET', '/v1/users/site/devices')).payload as Record<
      string,
      unknown
    >[];
    expect(list.find((d) => d.device === 'thermo')).toMatchObject({
      device: 'thermo',
      user: 'site',
      type: 'Generic',
      description: '',
      connection: { active: true, ts: expect.any(Number) },
    });
    const stats = (await thinger('GET', '/v1/users/site/devices/thermo/stats')).payload;
    expect(stats).toMatchObject({
      connected: true,
      connected_ts: expect.any(Number),
      ip_address: '127.0.0.1',
      rx_bytes: expect.any(Number),
      tx_bytes: expect.any(Number),
    });
  });

  it('a scanned device token (dev, res) reads its resources over v2; others are 403, offline is 404', async () => {
    const made = await thinger('POST', '/v1/users/site/devices/thermo/tokens', {
      token_name: 'Phone',
      token_resources: ['temperature', 'setpoint'],
      token_expiration: Date.now() + 3_600_000,
    });
    const { token } = made.payload as { id: string; name: string; token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      dev: 'thermo',
      usr: 'site',
      res: ['temperature', 'setpoint'],
      jti: expect.any(String),
      exp: expect.any(Number),
    });
    // fetchAll uses `res` from the token; fetchOne:
    const one = await thinger(
      'GET',
      '/v2/users/site/devices/thermo/temperature/api',
      undefined,
      token,
    );
    expect(one).toMatchObject({ status: 200, payload: { out: { celsius: expect.any(Number) } } });
    const post = await thinger(
      'POST',
      '/v2/users/site/devices/thermo/setpoint',
      { in: 22.5 },
      token,
    );
    expect(post.status).toBe(200);
    const denied = await thinger(
      'GET',
      '/v2/users/site/devices/thermo/heating/api',
      undefined,
      token,
    );
    expect(denied.status).toBe(403);
    expect((denied.payload as { error: { message: string } }).error.message).toContain(
      'AccessDeviceResources',
    );
    // isOnline false on 404 (resourcesSagas.handleResponseStatus).
    const sleeping = await thinger(
      'GET',
      '/v2/users/site/devices/thermo/temperature',
      undefined,
      admin,
    );
    expect(sleeping.status).toBe(200);
    await fx.env.service.devices.add('site', 'asleep', { credential: 'z' });
    expect((await thinger('GET', '/v2/users/site/devices/asleep/temperature/api')).status).toBe(
      404,
    );
    const all = await thinger('GET', '/v2/users/site/devices/thermo/api');
    expect(Object.keys(all.payload as object)).toContain('temperature');
  });
});

describe('Thinger VS Code extension', () => {
  it('searches Generic devices and reads OTA options (404: not connected or no OTA)', async () => {
    const found = (await thinger('GET', '/v1/users/site/devices?name=ther&type=Generic&count=10'))
      .payload as { device: string }[];
    expect(found.map((d) => d.device)).toEqual(['thermo']);
    const options = await thinger('GET', '/v3/users/site/devices/thermo/resources/$ota/options');
    expect(options.status).toBe(404);
  });
});

describe('access tokens', () => {
  it('403 names what is missing; another user is refused; expired and revoked tokens are 401', async () => {
    const { access_token: reader } = await fx.api.invoke('tokens.create', {
      user: 'site',
      name: 'Bucket reader',
      allow: { Bucket: { flow: ['ReadBucket'] } },
    });
    expect(
      (await thinger('GET', '/v1/users/site/buckets/flow/data', undefined, reader)).status,
    ).toBe(200);
    const w = await thinger('POST', '/v1/users/site/buckets/flow/data', { lpm: 9 }, reader);
    expect(w.status).toBe(403);
    expect(w.payload).toMatchObject({
      error: {
        code: 'FORBIDDEN',
        detail: { missing: { type: 'Bucket', id: 'flow', action: 'WriteBucket' } },
      },
    });
    expect(
      (await thinger('GET', '/v1/users/other/buckets/flow/data', undefined, reader)).status,
    ).toBe(403);
    expect((await thinger('POST', '/api/v1/call/devices.list', {}, reader)).status).toBe(403);
    const { access_token: brief } = await fx.api.invoke('tokens.create', {
      user: 'site',
      name: 'Brief',
      allow: { '*': { '*': '*' } },
      expire: Date.now() + 1500,
    });
    expect((await thinger('GET', '/v1/users/site/devices', undefined, brief)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await thinger('GET', '/v1/users/site/devices', undefined, brief);
    expect(expired).toMatchObject({
      status: 401,
      payload: { error: { message: 'the access token has expired' } },
    });
  });

  it('a revoked token closes its open WebSocket at once', async () => {
    const { access_token: t } = await fx.api.invoke('tokens.create', {
      user: 'site',
      token: 'short_lived',
      name: 'Short',
      allow: { '*': { '*': '*' } },
    });
    const ws = new WebSocket(wsUrl('/v1/users/site/events', t));
    await opened(ws);
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    expect((await thinger('DELETE', '/v1/users/site/tokens/short_lived')).status).toBe(200);
    expect(await closed).toBe(4401);
    expect((await thinger('GET', '/v1/users/site/devices', undefined, t)).status).toBe(401);
  });
});

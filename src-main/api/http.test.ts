/** The HTTP/WebSocket API with real sockets on 127.0.0.1, a real broker and a simulated device. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callNames } from '../contract';
import { startApiHttp, type ApiHttp } from './http';
import { API_HTTP_LIMITS } from './limits';
import { callRoutes, openApiPath, restRoutes } from './routes';
import { startApiFixture } from './testing';
import { TokenGuard } from './TokenGuard';

const TOKEN = 'test-token-0123456789abcdef';
let fx: Awaited<ReturnType<typeof startApiFixture>>;
let http: ApiHttp;

beforeAll(async () => {
  fx = await startApiFixture();
  http = await startApiHttp({ api: fx.api, token: TOKEN, port: 0 });
});
afterAll(async () => {
  await http.close();
  await fx.stop();
});

const auth = { authorization: `Bearer ${TOKEN}` };

async function get(path: string, headers: Record<string, string> = auth): Promise<Response> {
  return fetch(`${http.url}${path}`, { headers });
}
async function post(path: string, body: string | undefined, headers = auth): Promise<Response> {
  return fetch(`${http.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
}
async function errorOf(r: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await r.json()) as { error: { code: string; message: string } };
  return { status: r.status, code: body.error.code, message: body.error.message };
}

function openWs(path: string, headers: Record<string, string> = auth): WebSocket {
  return new WebSocket(`${http.url.replace('http', 'ws')}${path}`, { headers });
}

describe('the token', () => {
  it('listens on 127.0.0.1 unless asked otherwise', () => {
    expect(http.host).toBe('127.0.0.1');
    expect(http.consoleUrl).toBe(`${http.url}/?token=${TOKEN}`);
  });

  it('is required: 401 without it and with a wrong one; Bearer and ?token= both work', async () => {
    expect(await errorOf(await get('/v3/users/site/devices', {}))).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('missing'),
    });
    const wrong = await get('/v3/users/site/devices', { authorization: 'Bearer nope' });
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorOf(wrong)).toMatchObject({ status: 401, message: 'wrong API token' });
    expect((await get('/v3/users/site/devices')).status).toBe(200);
    expect((await get(`/v3/users/site/devices?token=${TOKEN}`, {})).status).toBe(200);
  });

  it('wrong tokens from one address are rate limited; the right one always gets through (D4)', async () => {
    const guard = new TokenGuard(Date.now, { freeFailures: 3, baseBlockMs: 60_000 });
    const other = await startApiHttp({ api: fx.api, token: TOKEN, port: 0, guard });
    try {
      const at = (h: Record<string, string>): Promise<Response> =>
        fetch(`${other.url}/api/v1/status`, { headers: h });
      for (let i = 0; i < 4; i++)
        expect((await at({ authorization: `Bearer wrong-${i}` })).status).toBe(401);
      const blocked = await at({ authorization: 'Bearer wrong-again' });
      expect(await errorOf(blocked)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await at(auth)).status).toBe(200);
      const ws = new WebSocket(`${other.url.replace('http', 'ws')}/api/v1/ws`, { headers: auth });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`${res.statusCode}`)));
      });
      ws.close();
    } finally {
      await other.close();
    }
  });

  it('the placeholder console page needs no token and points at the API description', async () => {
    const r = await fetch(`${http.url}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await r.text();
    expect(html).toContain('/api/v1/openapi.json');
    expect(html).not.toContain(TOKEN);
  });
});

describe('Thinger-compatible REST routes', () => {
  it('lists devices and shows one with its status', async () => {
    const list = (await (await get('/v3/users/site/devices')).json()) as { key: string }[];
    expect(list.map((d) => d.key)).toContain('site/thermo');
    const one = await (await get('/v3/users/site/devices/thermo')).json();
    expect(one).toMatchObject({ key: 'site/thermo', status: { online: true, transport: 'tcp' } });
  });

  it('describes all resources and one', async () => {
    const all = await (await get('/v3/users/site/devices/thermo/resources')).json();
    expect(all).toMatchObject({ temperature: { fn: 3 }, setpoint: { fn: 2 } });
    const one = await (
      await get('/v3/users/site/devices/thermo/resources/setpoint/api?refresh=1')
    ).json();
    expect(one).toHaveProperty('in');
  });

  it('GET reads an output and POST runs with a JSON input', async () => {
    const r = await get('/v3/users/site/devices/thermo/resources/temperature');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ celsius: expect.any(Number) });
    const run = await post('/v3/users/site/devices/thermo/resources/setpoint', '22.5');
    expect(run.status).toBe(200);
    await expect.poll(() => fx.device.resources.get('setpoint')?.sample()).toBe(22.5);
  });

  it('serves the inspector and the broker status', async () => {
    const frames = (await (await get('/v3/users/site/devices/thermo/inspector')).json()) as {
      seq: number;
    }[];
    expect(frames.length).toBeGreaterThan(0);
    const after = (await (
      await get(`/v3/users/site/devices/thermo/inspector?after=${frames.at(-1)!.seq}`)
    ).json()) as unknown[];
    expect(after.length).toBeLessThan(frames.length);
    const status = await (await get('/api/v1/status')).json();
    expect(status).toMatchObject({ counts: { online: 1 } });
  });

  it('streams a resource over a WebSocket at ?interval= seconds, and stops with the socket', async () => {
    const ws = openWs('/v3/users/site/devices/thermo/resources/temperature?interval=1');
    const samples: unknown[] = [];
    ws.on('message', (m) => samples.push(JSON.parse(String(m))));
    await expect.poll(() => samples.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(samples[0]).toMatchObject({ celsius: expect.any(Number) });
    expect(fx.device.streams.map((s) => s.intervalMs)).toEqual([1000]);
    ws.close();
    await expect.poll(() => fx.device.streams.length).toBe(0);
  });

  it('a stream of an unknown device closes with 4404', async () => {
    const ws = openWs('/v3/users/site/devices/ghost/resources/t?interval=1');
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4404);
  });
});

describe('errors are JSON with stable codes', () => {
  it.each([
    ['bad JSON', () => post('/api/v1/call/devices.list', '{nope'), 400, 'BAD_REQUEST'],
    [
      'a bad field',
      () => post('/api/v1/call/devices.get', '{"user":"a b","device":"d"}'),
      400,
      'BAD_REQUEST',
    ],
    [
      'an oversized body',
      () => post('/api/v1/call/devices.list', `"${'x'.repeat(API_HTTP_LIMITS.maxBodyBytes + 10)}"`),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['an unknown route', () => get('/v3/nothing/here'), 404, 'NOT_FOUND'],
    ['an unknown call', () => post('/api/v1/call/devices.explode', '{}'), 404, 'NOT_FOUND'],
    ['an unknown device', () => get('/v3/users/site/devices/ghost/resources/t'), 404, 'NOT_FOUND'],
    [
      // Thinger's status: an unknown resource (ERROR with nothing more, IOTMP.md §7.3) is 404.
      'a device answering ERROR for an unknown resource',
      () => get('/v3/users/site/devices/thermo/resources/nope'),
      404,
      'DEVICE_ERROR',
    ],
  ])('%s', async (_what, request, status, code) => {
    expect(await errorOf(await request())).toMatchObject({ status, code });
  });

  it.each([
    ['a plain request', ''],
    [
      'a WebSocket upgrade',
      'upgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n',
    ],
  ])('%s with an unparsable URL is a 400, and the server lives on', async (_what, extra) => {
    const raw = await new Promise<string>((resolve, reject) => {
      const s = connect(http.port, '127.0.0.1', () =>
        s.write(`GET http://[nope/ HTTP/1.1\r\nhost: x\r\n${extra}connection: close\r\n\r\n`),
      );
      let text = '';
      s.on('data', (d) => (text += String(d)));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('BAD_REQUEST');
    expect((await get('/api/v1/status')).status).toBe(200);
  });

  it("an offline device is 404 DEVICE_OFFLINE on Thinger's routes (what its clients read as offline), 503 through the contract", async () => {
    await fx.env.service.devices.add('site', 'sleeping', { credential: 'x' });
    expect(await errorOf(await get('/v3/users/site/devices/sleeping/resources/t'))).toMatchObject({
      status: 404,
      code: 'DEVICE_OFFLINE',
    });
    const viaCall = await post(
      '/api/v1/call/resources.read',
      '{"user":"site","device":"sleeping","resource":"t"}',
    );
    expect(await errorOf(viaCall)).toMatchObject({ status: 503, code: 'DEVICE_OFFLINE' });
  });
});

describe('the contract over HTTP and WebSocket', () => {
  it('POST /api/v1/call/<name> answers the call', async () => {
    const r = await post(
      '/api/v1/call/resources.read',
      '{"user":"site","device":"thermo","resource":"temperature"}',
    );
    expect(await r.json()).toMatchObject({ value: { celsius: expect.any(Number) } });
  });

  it('one WebSocket carries calls and subscriptions', async () => {
    const ws = openWs('/api/v1/ws');
    const got: Record<string, unknown>[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m)) as Record<string, unknown>));
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send(
      JSON.stringify({ id: 1, call: 'devices.get', input: { user: 'site', device: 'thermo' } }),
    );
    ws.send(
      JSON.stringify({
        id: 2,
        subscribe: 'streams.samples',
        params: { user: 'site', device: 'thermo', resource: 'temperature', intervalMs: 1000 },
      }),
    );
    ws.send('not json');
    ws.send(JSON.stringify({ id: 3, call: 'devices.get', input: { user: 'x y' } }));
    await expect
      .poll(
        () =>
          got.filter(
            (m) => m.id === 2 && 'event' in m && (m.event as { kind: string }).kind === 'sample',
          ).length,
        { timeout: 5000 },
      )
      .toBeGreaterThanOrEqual(1);
    expect(got.find((m) => m.id === 1)).toMatchObject({ result: { key: 'site/thermo' } });
    expect(got.find((m) => m.id === 2 && 'subscribed' in m)).toBeTruthy();
    expect(got.find((m) => m.id === null)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(got.find((m) => m.id === 3)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    ws.send(JSON.stringify({ id: 2, unsubscribe: true }));
    await expect.poll(() => got.some((m) => m.id === 2 && 'unsubscribed' in m)).toBe(true);
    await expect.poll(() => fx.device.streams.length).toBe(0);
    ws.close();
  });

  it('a WebSocket message over its bound (4 MiB) closes the socket (1009)', async () => {
    const ws = openWs('/api/v1/ws');
    await new Promise((resolve) => ws.on('open', resolve));
    const user = 'x'.repeat(API_HTTP_LIMITS.maxWsMessageBytes);
    ws.send(JSON.stringify({ id: 1, call: 'devices.list', input: { user } }));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(1009);
  });

  it('a WebSocket without the token is refused with 401', async () => {
    const ws = openWs('/api/v1/ws', {});
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
  let doc: Doc;
  beforeAll(async () => {
    doc = (await (await get('/api/v1/openapi.json')).json()) as Doc;
  });

  it('documents every route, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const served = [
      ...callRoutes.map((r) => `${r.method} ${r.path}`),
      ...restRoutes.map((r) => `${r.method} ${openApiPath(r.path)}`),
      'GET /api/v1/openapi.json',
      'GET /api/v1/ws',
      'GET /v1/users/{user}/events',
      'GET /v2/users/{user}/events',
    ];
    expect(documented.sort()).toEqual(served.sort());
    expect(callRoutes.map((r) => r.call).sort()).toEqual([...callNames].sort());
  });

  it('every documented operation is answered by the server (not a "no route")', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path === '/api/v1/ws' || path.endsWith('/events')) continue;
      const concrete = path
        .replace('{user}', 'site')
        .replace('{device}', 'thermo')
        .replace('{resource}', 'temperature');
      // DELETE would remove the device the other tests use; its routing is the same table.
      for (const method of Object.keys(ops).filter((m) => m !== 'delete')) {
        const r = await fetch(`${http.url}${concrete}`, {
          method: method.toUpperCase(),
          headers: auth,
          ...(method === 'post' ? { body: '{}' } : {}),
        });
        const text = await r.text();
        expect(text, `${method} ${path}`).not.toContain('no route');
        expect(text, `${method} ${path}`).not.toContain('no call named');
      }
    }
  });

  it('every $ref resolves to a component schema', () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, unknown> } })
      .components.schemas;
    const refs = [
      ...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(schemas, r).toHaveProperty([r]);
  });
});

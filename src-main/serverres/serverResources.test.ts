/**
 * Server resources that devices call (IOTMP.md §6.5, §6.6), through real sockets and a real
 * SQLite file: properties, buckets, endpoints, device-to-device calls, locks and subscriptions.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Field, encodeFrame, message, ok, type PsonValue } from '../protocol';
import { ENDPOINTS } from '../services/BrokerService';
import { startTestBroker } from '../transports/testing/brokerFixture';
import { connectDevice, type WireClient } from '../transports/testing/wireClient';

type Env = Awaited<ReturnType<typeof startTestBroker>>;
let env: Env;
let port: number;
const clients: WireClient[] = [];

beforeAll(async () => {
  env = await startTestBroker();
  port = env.service.port('tcp')!;
  for (const d of ['alpha', 'beta'])
    await env.service.devices.add('acme', d, { credential: `pw-${d}` });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await env.stop();
});

async function device(name: string): Promise<WireClient> {
  const c = await connectDevice(port, ['acme', name, `pw-${name}`]);
  clients.push(c);
  return c;
}

/** Layout A call (IOTMP-Linux): action code in field 4, target in field 2 (§6.5). */
function callA(
  id: number | undefined,
  action: number,
  target: PsonValue,
  data?: PsonValue,
): Uint8Array {
  return encodeFrame(
    message(6, [
      [1, id],
      [2, target],
      [3, data],
      [4, action],
    ]),
    1,
  );
}

async function answer(
  c: WireClient,
): Promise<{ ok: boolean; code?: PsonValue; payload?: PsonValue }> {
  const f = await c.next(3000);
  return {
    ok: f.message.type === 1,
    code: f.message.fields.get(Field.PARAMETERS),
    payload: f.message.fields.get(Field.PAYLOAD),
  };
}

describe('properties', () => {
  it('are stored in SQLite, read back by the device and refused when missing', async () => {
    const a = await device('alpha');
    a.send(callA(10, 2, 'config', { interval: 60, mode: 'eco' }));
    expect(await answer(a)).toMatchObject({ ok: true });
    a.send(callA(11, 1, 'config'));
    expect(await answer(a)).toMatchObject({ ok: true, payload: { interval: 60, mode: 'eco' } });
    expect(env.service.properties.get('acme', 'alpha', 'config')).toEqual({
      interval: 60,
      mode: 'eco',
    });
    a.send(callA(12, 1, 'missing'));
    expect(await answer(a)).toMatchObject({ ok: false, code: 404 });
  });

  it('notify a device subscribed to its own property updates, with the current value first', async () => {
    const a = await device('alpha');
    env.service.properties.set('acme', 'alpha', 'threshold', 20);
    a.send(
      encodeFrame(
        message(8, [
          [1, 35007],
          [
            2,
            { event: 'device_property_update', filters: { property: 'threshold' }, current: true },
          ],
          [4, 8],
        ]),
        1,
      ),
    );
    expect(await answer(a)).toMatchObject({ ok: true, payload: 20 });
    a.send(callA(undefined, 2, 'threshold', 25)); // set without confirmation
    const pushed = await a.next();
    expect(pushed.message.type).toBe(10);
    expect(pushed.message.fields.get(Field.STREAM_ID)).toBe(35007);
    expect(pushed.message.fields.get(Field.PAYLOAD)).toBe(25);
  });
});

describe('buckets', () => {
  it('append records with a server timestamp, queryable by device and time range (layout B)', async () => {
    const b = await device('beta');
    const before = Date.now();
    for (let i = 0; i < 3; i++) {
      // Layout B (IOTMP-Embedded/Arduino): action in field 2, bucket name in field 4.
      b.send(
        encodeFrame(
          message(6, [
            [1, 100 + i],
            [2, 5],
            [3, { temperature: 20 + i }],
            [4, 'environment'],
          ]),
          1,
        ),
      );
      expect(await answer(b)).toMatchObject({ ok: true });
    }
    const rows = env.service.buckets.query('acme', 'environment', { device: 'beta', from: before });
    expect(rows.map((r) => r.data)).toEqual([
      { temperature: 20 },
      { temperature: 21 },
      { temperature: 22 },
    ]);
    expect(rows.every((r) => r.ts >= before && r.ts <= Date.now())).toBe(true);
    expect(env.service.buckets.query('acme', 'environment', { device: 'nobody' })).toEqual([]);
  });
});

describe('endpoints', () => {
  let http: Server;
  const received: unknown[] = [];
  beforeAll(async () => {
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const addr = http.address() as { port: number };
    env.service.settings.set(ENDPOINTS, {
      alert_email: { url: `http://127.0.0.1:${addr.port}/hook` },
    });
  });
  afterAll(() => new Promise<void>((r) => http.close(() => r())));

  it('call the configured webhook with the device data', async () => {
    const a = await device('alpha');
    a.send(callA(20, 4, 'alert_email', { message: 'Temperature too high!' }));
    expect(await answer(a)).toMatchObject({ ok: true });
    expect(received).toEqual([
      { device: 'alpha', endpoint: 'alert_email', data: { message: 'Temperature too high!' } },
    ]);
  });

  it('answer ERROR for an endpoint that is not configured', async () => {
    const a = await device('alpha');
    a.send(callA(21, 4, 'nowhere', {}));
    expect(await answer(a)).toMatchObject({
      ok: false,
      code: 404,
      payload: { error: 'endpoint "nowhere" is not configured' },
    });
  });
});

describe('device-to-device calls', () => {
  it('forward a RUN to the other device and pass its output back', async () => {
    const a = await device('alpha');
    const b = await device('beta');
    a.send(
      encodeFrame(
        message(6, [
          [1, 1000],
          [2, ['beta', 'relay']],
          [3, { state: true }],
          [4, 3],
        ]),
        1,
      ),
    );
    const forwarded = await b.next();
    expect(forwarded.message.type).toBe(6);
    expect(forwarded.message.fields.get(Field.RESOURCE)).toBe('relay');
    expect(forwarded.message.fields.get(Field.PAYLOAD)).toEqual({ state: true });
    b.send(
      encodeFrame(
        ok(forwarded.message.fields.get(Field.STREAM_ID) as number, { payload: { state: true } }),
        1,
      ),
    );
    expect(await answer(a)).toMatchObject({ ok: true, payload: { state: true } });
  });

  it('answer ERROR when the other device is offline', async () => {
    const a = await device('alpha');
    a.send(
      encodeFrame(
        message(6, [
          [1, 1001],
          [2, ['ghost', 'relay']],
          [4, 3],
        ]),
        1,
      ),
    );
    expect(await answer(a)).toMatchObject({ ok: false });
  });
});

describe('locks', () => {
  it('grant up to `slots` holders and release on unlock', async () => {
    const a = await device('alpha');
    a.send(callA(30, 6, 'door', { lock: 'me', slots: 1, timeout: 10 }));
    expect(await answer(a)).toMatchObject({ ok: true });
    a.send(callA(31, 6, 'door', { lock: 'you' }));
    expect(await answer(a)).toMatchObject({ ok: false, code: 409 });
    a.send(callA(32, 7, 'door', { lock: 'me' }));
    expect(await answer(a)).toMatchObject({ ok: true });
    a.send(callA(33, 6, 'door', { lock: 'you' }));
    expect(await answer(a)).toMatchObject({ ok: true });
  });
});

describe('topics', () => {
  it('deliver what one device publishes to the devices subscribed to a matching filter', async () => {
    const a = await device('alpha');
    const b = await device('beta');
    b.send(
      encodeFrame(
        message(8, [
          [1, 35005],
          [2, { event: 'device_topic_publish', qos: 1, scope: 'subscribe', topic: 'commands/#' }],
          [4, 8],
        ]),
        1,
      ),
    );
    expect(await answer(b)).toMatchObject({ ok: true });
    a.send(
      encodeFrame(
        message(8, [
          [1, 35006],
          [2, { event: 'device_topic_publish', scope: 'publish', topic: 'commands/light' }],
          [4, 8],
        ]),
        1,
      ),
    );
    expect(await answer(a)).toMatchObject({ ok: true });
    a.send(
      encodeFrame(
        message(10, [
          [1, 35006],
          [3, 'on'],
        ]),
        1,
      ),
    );
    const got = await b.next();
    expect(got.message.fields.get(Field.STREAM_ID)).toBe(35005);
    expect(got.message.fields.get(Field.PAYLOAD)).toEqual({
      topic: 'commands/light',
      payload: 'on',
    });
  });

  it('refuse an unsupported subscription with ERROR', async () => {
    const a = await device('alpha');
    a.send(
      encodeFrame(
        message(8, [
          [1, 36000],
          [2, { event: 'no_such_event' }],
          [4, 8],
        ]),
        1,
      ),
    );
    expect(await answer(a)).toMatchObject({ ok: false });
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describe as describeMsg,
  encodeFrame,
  error,
  message,
  MessageType,
  ok,
  payloadOf,
  run,
  startStream,
  stopStream,
  streamData,
  streamIdOf,
  type PsonValue,
} from '../protocol';
import { FakeClock } from './clock';
import type { DeviceProfileInput } from './config';
import { ScriptedServer, type ServerConnection, type TlsMaterial } from './ScriptedServer';
import { SimulatedDevice } from './SimulatedDevice';
import {
  ServerCallError,
  type DeviceState,
  type SimulatedDeviceOptions,
} from './simulatedDeviceTypes';
import type { TransportKind } from './transport';

const TRACES = fileURLToPath(new URL('../../../shared/spec/traces/', import.meta.url));
const VECTORS = fileURLToPath(new URL('../../../shared/spec/vectors/', import.meta.url));

interface TraceFrame {
  dir: string;
  hex: string;
  category: string;
}

function traceFrames(folder: string): TraceFrame[] {
  return readFileSync(`${TRACES}${folder}/frames.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TraceFrame);
}

function vectorHex(name: string): string {
  const all = JSON.parse(readFileSync(`${VECTORS}messages_pv1.json`, 'utf8')) as {
    name: string;
    hex: string;
  }[];
  const v = all.find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return v.hex;
}

const hex = (m: Parameters<typeof encodeFrame>[0]): string =>
  Buffer.from(encodeFrame(m, 1)).toString('hex');

const PROFILE: DeviceProfileInput = {
  name: 'test',
  resources: {
    temperature: { kind: 'sensor', value: { celsius: 22.5 } },
    humidity: { kind: 'sensor', value: 40, noise: 2, decimals: 0 },
    led: { kind: 'switch' },
    dimmer: { kind: 'slider', min: 0, max: 100, step: 5, initial: 50 },
    reboot: { kind: 'action' },
    echo: { kind: 'rpc', template: { text: 'hi' } },
    door: { kind: 'event', everyMs: 5000, values: ['closed', 'open'] },
    relay: { kind: 'switch', push: { onInput: true } },
  },
};

let tlsMaterial: TlsMaterial;
const servers: ScriptedServer[] = [];
const devices: SimulatedDevice[] = [];

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
  tlsMaterial = { key: pems.private, cert: pems.cert };
});

afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(transport: TransportKind = 'tcp'): Promise<ScriptedServer> {
  const s = await ScriptedServer.start(transport, tlsMaterial);
  servers.push(s);
  return s;
}

function device(srv: ScriptedServer, extra: Partial<SimulatedDeviceOptions> = {}): SimulatedDevice {
  const d = new SimulatedDevice({
    host: '127.0.0.1',
    port: srv.port,
    transport: srv.transport,
    user: 'user1',
    device: 'sensor1',
    credential: 'secret123',
    ids: () => 17767,
    profile: PROFILE,
    random: () => 0.5,
    ...extra,
  });
  devices.push(d);
  return d;
}

function reached(d: SimulatedDevice, state: DeviceState, ms = 2000): Promise<void> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(new Error(`device did not reach ${state} in ${ms} ms`)), ms);
  return d.waitForState(state, ac.signal).finally(() => clearTimeout(t));
}

/** A connected, authenticated device and the server side of its connection. */
async function online(
  transport: TransportKind = 'tcp',
  extra: Partial<SimulatedDeviceOptions> = {},
): Promise<{
  srv: ScriptedServer;
  d: SimulatedDevice;
  c: ServerConnection;
  clock: FakeClock;
  connectHex: string;
}> {
  const srv = await server(transport);
  const clock = new FakeClock(1_000_000);
  const d = device(srv, { clock, ...extra });
  d.start();
  const c = await srv.connection(0);
  const connectHex = (await c.next()).hex;
  c.send(ok(17767));
  await reached(d, 'online');
  return { srv, d, c, clock, connectHex };
}

/** Active handles and requests by type (sockets, servers, timers, ...). */
async function activeResources(): Promise<Map<string, number>> {
  await new Promise((r) => setImmediate(r));
  const counts = new Map<string, number>();
  for (const t of process.getActiveResourcesInfo()) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Nothing of any type more than in `before` (other tests' handles may still be closing). */
async function expectNothingLeft(before: Map<string, number>): Promise<void> {
  const after = await activeResources();
  const grown = [...after].filter(([t, n]) => n > (before.get(t) ?? 0));
  expect(grown).toEqual([]);
}

/** Asserts that the device sends nothing more before answering a DESCRIBE (a barrier). */
async function expectQuiet(c: ServerConnection): Promise<void> {
  const f = await c.request(describeMsg(1, 999, '__barrier__'));
  expect(f.hex).toBe(hex(message(MessageType.ERROR, [[1, 999]])));
}

describe('connect', () => {
  it('sends the same CONNECT bytes as IOTMP-Linux (traces/linux-tcp)', async () => {
    const srv = await server();
    device(srv).start();
    const c = await srv.connection(0);
    const first = traceFrames('linux-tcp').find((f) => f.dir === 'C>S')!;
    expect((await c.next()).hex).toBe(first.hex);
  });

  it('goes online on OK and reports each state change', async () => {
    const srv = await server();
    const d = device(srv);
    const states: string[] = [];
    d.on('state', (s) => states.push(s.state));
    d.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(ok(17767));
    await reached(d, 'online');
    expect(states).toEqual(['connecting', 'authenticating', 'online']);
    expect(d.stats.connects).toBe(1);
  });
});

describe('describe', () => {
  it('lists every resource with its fn, sorted by name like IOTMP-Linux', async () => {
    const { c } = await online();
    const f = await c.request(describeMsg(1, 1));
    expect(f.message?.type).toBe(MessageType.OK);
    expect(streamIdOf(f.message!)).toBe(1);
    expect(payloadOf(f.message!)).toEqual({
      dimmer: { fn: 2 },
      door: { fn: 3 },
      echo: { fn: 4 },
      humidity: { fn: 3 },
      led: { fn: 2 },
      reboot: { fn: 1 },
      relay: { fn: 2 },
      temperature: { fn: 3 },
    });
    // Payload before stream id, like the traced OK of IOTMP-Linux.
    expect(f.hex.endsWith('0801')).toBe(true);
  });

  it('describes one resource: out for outputs, in for inputs, both for RPC, nothing for actions', async () => {
    const { c } = await online();
    const one = async (name: string): Promise<PsonValue> =>
      payloadOf((await c.request(describeMsg(1, 2, name))).message!);
    expect(await one('temperature')).toEqual({ out: { celsius: 22.5 } });
    expect(await one('led')).toEqual({ in: false });
    expect(await one('dimmer')).toEqual({ in: 50 });
    expect(await one('echo')).toEqual({ in: { text: 'hi' }, out: { text: 'hi' } });
    expect(await one('reboot')).toBeUndefined();
  });

  it('answers an unknown resource with a bare ERROR (traces/linux-tcp describe_unknown)', async () => {
    const { c } = await online();
    const f = await c.request(describeMsg(1, 5, 'no/such/resource'));
    expect(f.hex).toBe('02020805');
  });

  it('answers describe of a device without resources with an OK without payload', async () => {
    const { c } = await online('tcp', { profile: { resources: {} } });
    expect((await c.request(describeMsg(1, 7))).hex).toBe('01020807');
  });
});

describe('run', () => {
  it('reads an output resource with the payload before the stream id', async () => {
    const { c } = await online();
    const f = await c.request(run(66, 'temperature'));
    expect(f.hex).toBe(vectorHex('msg_pv1_linux_ok_run_output'));
  });

  it('sets a switch and a slider; the new state shows in describe', async () => {
    const { c, d } = await online();
    const inputs: unknown[] = [];
    d.on('input', (e) => inputs.push(e));
    expect((await c.request(run(10, 'led', { payload: true }))).hex).toBe('0102080a');
    expect(payloadOf((await c.request(describeMsg(1, 11, 'led'))).message!)).toEqual({ in: true });
    await c.request(run(12, 'dimmer', { payload: 73 }));
    expect(payloadOf((await c.request(describeMsg(1, 13, 'dimmer'))).message!)).toEqual({ in: 75 });
    await c.request(run(14, 'dimmer', { payload: 500 }));
    expect(payloadOf((await c.request(describeMsg(1, 15, 'dimmer'))).message!)).toEqual({
      in: 100,
    });
    expect(inputs).toEqual([
      { resource: 'led', value: true },
      { resource: 'dimmer', value: 73 },
      { resource: 'dimmer', value: 500 },
    ]);
  });

  it('rejects bad input with ERROR 400 and a reason', async () => {
    const { c } = await online();
    const f = await c.request(run(20, 'led', { payload: 'on' }));
    expect(f.message?.type).toBe(MessageType.ERROR);
    expect(f.message?.fields.get(2)).toBe(400);
    expect(payloadOf(f.message!)).toEqual({ error: 'led expects true or false' });
  });

  it('runs an RPC with input and output, and an action without either', async () => {
    const { c, d } = await online();
    const actions: unknown[] = [];
    d.on('action', (e) => actions.push(e.resource));
    const f = await c.request(run(21, 'echo', { payload: { a: [1, 2.5, 'x'] } }));
    expect(payloadOf(f.message!)).toEqual({ a: [1, 2.5, 'x'] });
    expect((await c.request(run(22, 'reboot'))).hex).toBe('01020816');
    expect(actions).toEqual(['reboot']);
  });

  it('answers an unknown resource, or a RUN without resource, with a bare ERROR', async () => {
    const { c } = await online();
    expect((await c.request(run(4, 'no/such/resource'))).hex).toBe('02020804');
    expect((await c.request(message(MessageType.RUN, [[1, 5]]))).hex).toBe('02020805');
  });

  it('answers a RUN without stream id with stream id 0 (§5.6)', async () => {
    const { c } = await online();
    expect((await c.request(run(undefined, 'led', { payload: true }))).hex).toBe('01020800');
  });
});

describe('streams', () => {
  it('answers OK, sends one sample at once, then one per tick (traces/linux-tcp stream_version)', async () => {
    const { c, clock } = await online();
    const okFrame = await c.request(startStream(1, 6, 'temperature', { interval: 1000 }));
    expect(okFrame.hex).toBe('01020806');
    const sample = hex(streamData(6, { celsius: 22.5 }));
    expect((await c.next()).hex).toBe(sample);
    await expectQuiet(c);
    clock.advance(1000);
    expect((await c.next()).hex).toBe(sample);
    clock.advance(1000);
    expect((await c.next()).hex).toBe(sample);
    await expectQuiet(c);
  });

  it('samples on a loop that runs from authentication: 2500 ms gives a sample every 3 s', async () => {
    const { c, clock } = await online();
    clock.advance(400); // the loop's phase is set at authentication, not by the stream
    await c.request(startStream(1, 7, 'humidity', { interval: 2500 }));
    await c.next(); // first sample, right after the OK
    clock.advance(600); // the loop's next pass: the stream's first periodic sample
    expect(streamIdOf((await c.next()).message!)).toBe(7);
    clock.advance(2000);
    await expectQuiet(c);
    clock.advance(1000);
    expect(streamIdOf((await c.next()).message!)).toBe(7);
    clock.advance(2000);
    await expectQuiet(c);
  });

  it('accepts a stream with id 0 like IOTMP-Linux, without binding events to it', async () => {
    const { c, d } = await online();
    expect((await c.request(startStream(1, 0, 'temperature'))).hex).toBe('01020800');
    expect((await c.next()).hex).toBe(hex(streamData(0, { celsius: 22.5 })));
    expect(d.push('temperature')).toBe(false);
    expect((await c.request(stopStream(0))).hex).toBe('01020800');
  });

  it('uses a configurable tick', async () => {
    const { c, clock } = await online('tcp', { streamTickMs: 100 });
    await c.request(startStream(1, 8, 'humidity', { interval: 100 }));
    await c.next();
    clock.advance(100);
    expect(streamIdOf((await c.next()).message!)).toBe(8);
  });

  it('stops on STOP_STREAM with OK and sends no more samples', async () => {
    const { c, clock, d } = await online();
    await c.request(startStream(1, 9, 'temperature', { interval: 1000 }));
    await c.next();
    expect(d.streams).toHaveLength(1);
    expect((await c.request(stopStream(9))).hex).toBe('01020809');
    expect(d.streams).toHaveLength(0);
    clock.advance(5000);
    await expectQuiet(c);
    expect((await c.request(stopStream(9))).hex).toBe('02020809');
  });

  it('treats a bare-number interval as an event stream, like IOTMP-Linux (§9.5)', async () => {
    const { c, clock } = await online();
    c.send(
      message(MessageType.START_STREAM, [
        [1, 10],
        [2, 1000],
        [4, 'temperature'],
      ]),
    );
    expect((await c.next()).hex).toBe('0102080a');
    await c.next();
    clock.advance(3000);
    await expectQuiet(c);
  });

  it('replaces a stream when START_STREAM reuses its id, with a new first sample', async () => {
    const { c, d, clock } = await online();
    await c.request(startStream(1, 30, 'temperature', { interval: 1000 }));
    await c.next();
    expect((await c.request(startStream(1, 30, 'led'))).hex).toBe('0102081e');
    expect((await c.next()).hex).toBe(hex(streamData(30, false)));
    expect(d.streams).toEqual([{ id: 30, resource: 'led', intervalMs: 0 }]);
    clock.advance(3000); // no longer periodic
    await expectQuiet(c);
  });

  it('answers START_STREAM on an unknown resource with ERROR', async () => {
    const { c } = await online();
    expect((await c.request(startStream(1, 11, 'nope'))).hex).toBe('0202080b');
  });

  it('binds an event stream: push() sends the current value, and nothing is sent unbound', async () => {
    const { c, d } = await online();
    expect(d.push('temperature')).toBe(false);
    await c.request(startStream(1, 12, 'temperature'));
    await c.next();
    expect(d.push('temperature')).toBe(true);
    expect((await c.next()).hex).toBe(hex(streamData(12, { celsius: 22.5 })));
    await c.request(stopStream(12));
    expect(d.push('temperature')).toBe(false);
  });

  it('pushes event resources at their rate while bound', async () => {
    const { c, clock } = await online();
    await c.request(startStream(1, 13, 'door'));
    const first = payloadOf((await c.next()).message!);
    clock.advance(5000);
    const second = payloadOf((await c.next()).message!);
    expect([first, second].sort()).toEqual(['closed', 'open']);
  });

  it('pushes a switch after a RUN changed it when configured (onInput)', async () => {
    const { c } = await online();
    await c.request(startStream(1, 14, 'relay'));
    expect(payloadOf((await c.next()).message!)).toBe(false);
    expect((await c.request(run(15, 'relay', { payload: true }))).hex).toBe('0102080f');
    expect((await c.next()).hex).toBe(hex(streamData(14, true)));
  });

  it('pushes a local change (setInput) on the event stream when configured', async () => {
    const { c, d } = await online();
    await c.request(startStream(1, 17, 'relay'));
    await c.next();
    d.setInput('relay', true);
    expect((await c.next()).hex).toBe(hex(streamData(17, true)));
    expect(() => d.setInput('humidity', 1)).toThrow(/not an input resource/);
  });

  it('pushes a sensor on change by at least its threshold', async () => {
    let r = 0.5;
    const profile: DeviceProfileInput = {
      resources: {
        t: { kind: 'sensor', value: 20, noise: 1, decimals: 1, push: { threshold: 0.5 } },
      },
    };
    const { c, clock } = await online('tcp', { profile, random: () => r });
    await c.request(startStream(1, 18, 't'));
    expect(payloadOf((await c.next()).message!)).toBe(20);
    r = 0.6; // 20.2: below the threshold
    clock.advance(1000);
    await expectQuiet(c);
    r = 0.9; // 20.8
    clock.advance(1000);
    expect(payloadOf((await c.next()).message!)).toBe(20.8);
  });

  it('drops stream samples, counting them, while the server does not read', async () => {
    const big = 'x'.repeat(200_000);
    const profile: DeviceProfileInput = {
      resources: { blob: { kind: 'rpc', template: { big } } },
    };
    const { c, d, clock } = await online('tcp', {
      profile,
      maxPendingWriteBytes: 64 * 1024,
      keepAliveMs: 10_000_000,
    });
    await c.request(startStream(1, 19, 'blob', { interval: 1000 }));
    c.pause();
    clock.advance(200_000);
    expect(d.stats.samplesDropped).toBeGreaterThan(0);
    expect(d.stats.samplesSent + d.stats.samplesDropped).toBe(201);
    expect(d.state).toBe('online');
  });

  it('runs STREAM_DATA input on an input stream and echoes the new state (§8.3)', async () => {
    const { c } = await online();
    await c.request(startStream(1, 16, 'led'));
    await c.next();
    expect((await c.request(streamData(16, true))).hex).toBe(hex(streamData(16, true)));
    c.send(streamData(999, true)); // unknown stream: ignored
    await expectQuiet(c);
  });
});

describe('keep-alive', () => {
  it('sends KEEP_ALIVE every 60 s from authentication and ignores the echo', async () => {
    const { c, clock } = await online();
    clock.advance(59_999);
    await expectQuiet(c);
    clock.advance(1);
    expect((await c.next()).hex).toBe('0500');
    c.sendBytes('0500');
    clock.advance(60_000);
    expect((await c.next()).hex).toBe('0500');
    await expectQuiet(c);
  });

  it('ignores unexpected OK, ERROR, DISCONNECT and unknown message types', async () => {
    const { c } = await online();
    c.send(ok(4242));
    c.send(error(4243));
    c.sendBytes('0400');
    c.sendBytes('0b020801');
    await expectQuiet(c);
  });
});

describe('robustness', () => {
  it('ignores a frame whose body cannot be decoded and keeps the connection', async () => {
    const { c, d } = await online();
    c.sendBytes('06021b00'); // RUN with a field of wire type 3
    await expectQuiet(c);
    expect(d.stats.undecodable).toBe(1);
    expect(d.state).toBe('online');
  });

  it('gives up a transport that does not open within the connect timeout', async () => {
    const silent = await ScriptedServer.start('tcp'); // TCP only: the TLS handshake never ends
    servers.push(silent);
    const clock = new FakeClock();
    const d = device(silent, { clock, transport: 'tls', connectTimeoutMs: 15_000 });
    d.start();
    await silent.connection(0);
    clock.advance(14_999);
    expect(d.state).toBe('connecting');
    clock.advance(1);
    expect(d.state).toBe('waiting');
  });

  it('waits for the CONNECT answer forever by default, or up to authTimeoutMs', async () => {
    const srv = await server();
    const clock = new FakeClock();
    const patient = device(srv, { clock });
    patient.start();
    await (await srv.connection(0)).next();
    clock.advance(3_600_000);
    expect(patient.state).toBe('authenticating');
    const hasty = device(srv, { clock, authTimeoutMs: 10_000 });
    hasty.start();
    await (await srv.connection(1)).next();
    clock.advance(10_000);
    expect(hasty.state).toBe('waiting');
  });
});

describe('reconnect', () => {
  it('reconnects 5 s after the server closes the connection, and forgets its streams', async () => {
    const { srv, c, d, clock } = await online();
    await c.request(startStream(1, 6, 'temperature', { interval: 1000 }));
    await c.next();
    await c.close();
    await reached(d, 'waiting');
    expect(d.streams).toHaveLength(0);
    clock.advance(4999);
    expect(d.state).toBe('waiting');
    clock.advance(1);
    const c2 = await srv.connection(1);
    expect((await c2.next()).hex).toBe(traceFrames('linux-tcp')[0]!.hex);
    c2.send(ok(17767));
    await reached(d, 'online');
    expect(d.stats.connects).toBe(2);
  });

  it('after an auth ERROR keeps the socket until the next attempt, 5 s later', async () => {
    const srv = await server();
    const clock = new FakeClock();
    const d = device(srv, { clock });
    const changes: { state: string; reason?: string }[] = [];
    d.on('state', (s) => changes.push({ state: s.state, reason: s.reason }));
    d.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(
      message(MessageType.ERROR, [
        [1, 17767],
        [2, 2],
      ]),
    );
    await reached(d, 'waiting');
    expect(changes.at(-1)).toEqual({ state: 'waiting', reason: 'authentication failed (ERROR)' });
    expect(c.isClosed).toBe(false);
    clock.advance(5000);
    const c2 = await srv.connection(1);
    await c2.next();
    await c.closed;
    expect(d.stats.authFailures).toBe(1);
  });

  it('treats any first frame other than OK as a refusal (§6.1)', async () => {
    const srv = await server();
    const d = device(srv, { clock: new FakeClock() });
    d.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(describeMsg(1, 1));
    await reached(d, 'waiting');
    expect(d.stats.authFailures).toBe(1);
  });

  it('retries a refused connection after the configured delay', async () => {
    const srv = await server();
    const port = srv.port;
    await srv.close();
    servers.pop();
    const clock = new FakeClock();
    const d = new SimulatedDevice({
      host: '127.0.0.1',
      port,
      user: 'u',
      device: 'd',
      credential: 'c',
      clock,
      reconnectDelayMs: 1234,
    });
    devices.push(d);
    const waiting = new Promise<number | undefined>((r) =>
      d.on('state', (s) => s.state === 'waiting' && r(s.retryInMs)),
    );
    d.start();
    expect(await waiting).toBe(1234);
    clock.advance(1234);
    expect(d.state).toBe('connecting');
  });

  it('drops the connection on a frame over 256 KiB and reconnects', async () => {
    const { srv, d, c, clock, connectHex } = await online();
    c.sendBytes('0a8080110000'); // STREAM_DATA declaring a 278,528-byte body
    await reached(d, 'waiting');
    await c.closed;
    // The reconnect: after the 5 s pause a new connection with the same CONNECT, online again.
    clock.advance(5000);
    const c2 = await srv.connection(1);
    expect((await c2.next()).hex).toBe(connectHex);
    c2.send(ok(17767));
    await reached(d, 'online');
    expect(d.stats.connects).toBe(2);
  });
});

describe('server event subscriptions (§6.6)', () => {
  const topic = { event: 'device_topic_publish', qos: 1, scope: 'subscribe', topic: 'commands/#' };

  it('subscribes right after OK with the IOTMP-Linux bytes, and starts keep-alive only once answered', async () => {
    const srv = await server();
    const clock = new FakeClock();
    const d = device(srv, { clock, subscriptions: [topic] });
    const seen: unknown[] = [];
    d.on('subscription', (e) => seen.push(e));
    d.on('event', (e) => seen.push(e));
    d.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(ok(17767));
    const sub = await c.next();
    expect(sub.hex).toBe(
      vectorHex('msg_pv1_linux_start_stream_topic_subscribe').replace('08bd9102', '08e78a01'),
    );
    clock.advance(120_000);
    await expectQuiet(c); // requests are served meanwhile; no keep-alive yet
    c.send(ok(17767));
    await expectQuiet(c); // the OK has been read
    clock.advance(60_000);
    expect((await c.next()).hex).toBe('0500');
    c.send(streamData(17767, 'hello mqtt'));
    await expectQuiet(c);
    expect(seen).toEqual([
      { index: 0, id: 17767, ok: true },
      { index: 0, payload: 'hello mqtt', current: false },
    ]);
    d.publish(0, { state: 'on' });
    expect((await c.next()).hex).toBe(hex(streamData(17767, { state: 'on' })));
    expect((await c.request(stopStream(17767))).hex).toBe(hex(ok(17767)));
    expect(d.publish(0, 1)).toBe(false);
  });

  it('sends the next subscription after an ERROR, and reports a current value from the OK', async () => {
    let next = 100;
    const srv = await server();
    const prop = {
      event: 'device_property_update',
      filters: { property: 'config' },
      current: true,
    };
    const d = device(srv, { ids: () => next++, subscriptions: [topic, prop] });
    const seen: unknown[] = [];
    d.on('subscription', (e) => seen.push(e));
    d.on('event', (e) => seen.push(e));
    d.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(ok(100));
    const first = (await c.next()).message!;
    c.send(error(streamIdOf(first)!));
    const second = (await c.next()).message!;
    expect(second.fields.get(2)).toEqual(prop);
    c.send(ok(streamIdOf(second)!, { payload: { interval: 5 } }));
    await expectQuiet(c);
    expect(seen).toEqual([
      { index: 0, id: 101, ok: false },
      { index: 1, id: 102, ok: true },
      { index: 1, payload: { interval: 5 }, current: true },
    ]);
  });
});

describe('device → server calls (layout A, §6.5)', () => {
  it('readProperty sends the IOTMP-Linux bytes and resolves with the value', async () => {
    const { c, d } = await online('tcp', { ids: () => 9158 });
    const p = d.readProperty('config');
    const f = await c.next();
    expect(f.hex).toBe(vectorHex('msg_pv1_linux_run_get_property'));
    c.send(ok(9158, { payload: { interval: 60 } }));
    expect(await p).toEqual({ interval: 60 });
  });

  it('setProperty without ack sends the IOTMP-Linux bytes and expects nothing', async () => {
    const { c, d } = await online();
    await d.setProperty('config', { interval: 60 });
    expect((await c.next()).hex).toBe(vectorHex('msg_pv1_linux_run_set_property_no_ack'));
  });

  it('writeBucket with ack rejects on ERROR with its code', async () => {
    const { c, d } = await online('tcp', { ids: () => 77 });
    const p = d.writeBucket('environment', { celsius: 23.5 }, true);
    const f = await c.next();
    expect(f.message?.fields.get(4)).toBe(5);
    expect(f.message?.fields.get(2)).toBe('environment');
    expect(payloadOf(f.message!)).toEqual({ celsius: 23.5 });
    c.send(error(77, { parameters: 404 }));
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServerCallError);
    expect((e as ServerCallError).code).toBe(404);
  });

  it('times out without an answer, and fails at once when offline', async () => {
    const { c, d, clock } = await online('tcp', { requestTimeoutMs: 3000 });
    const p = d.readProperty('x').catch((x: unknown) => x);
    await c.next();
    clock.advance(3000);
    expect(String(await p)).toMatch(/within 3000 ms/);
    await d.stop();
    await expect(d.readProperty('x')).rejects.toThrow(/not connected/);
  });
});

describe('transports', () => {
  it('TLS: TLS 1.2 with SNI, no certificate check', async () => {
    const { c, connectHex } = await online('tls', { servername: 'device.example' });
    expect(connectHex).toBe(traceFrames('linux-tls').find((f) => f.dir === 'C>S')!.hex);
    expect(c.tlsProtocol).toBe('TLSv1.2');
    expect(c.servername).toBe('device.example');
    expect((await c.request(describeMsg(1, 5, 'nope'))).hex).toBe('02020805');
  });

  for (const transport of ['ws', 'wss'] as const) {
    it(`${transport}: /iotmp, subprotocol iotmp, one IOTMP frame per text frame`, async () => {
      const { c, clock, connectHex } = await online(transport);
      expect(connectHex).toBe(traceFrames('linux-wss').find((f) => f.dir === 'C>S')!.hex);
      expect(c.wsPath).toBe('/iotmp');
      expect(c.wsProtocol).toBe('iotmp');
      // OK + first sample go out back to back; each must still be its own WebSocket message.
      const frames = [await c.request(startStream(1, 6, 'temperature', { interval: 1000 }))];
      frames.push(await c.next());
      clock.advance(1000);
      frames.push(await c.next());
      frames.push(await c.request(describeMsg(1, 1)));
      for (const f of frames) {
        expect(f.wsBinary).toBe(false);
        expect(f.framesInWsMessage).toBe(1);
      }
      expect(frames.map((f) => f.message?.type)).toEqual([1, 10, 10, 1]);
      expect(payloadOf(frames[3]!.message!)).toHaveProperty('temperature');
    });
  }
});

describe('stop', () => {
  it('leaves no socket or timer behind', async () => {
    const srv = await server('tcp');
    const before = await activeResources();
    const d = device(srv); // real clock: keep-alive, tick and push timers are real timers
    d.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(ok(17767));
    await reached(d, 'online');
    await c.request(startStream(1, 6, 'temperature', { interval: 1000 }));
    await c.next();
    await c.request(startStream(1, 7, 'door'));
    await c.next();
    const pending = d.readProperty('x').catch(() => 'rejected');
    await d.stop();
    expect(await pending).toBe('rejected');
    await c.closed;
    await expectNothingLeft(before);
    expect(d.state).toBe('stopped');
  });

  it('cancels every timer of the injected clock', async () => {
    const { c, d, clock } = await online();
    await c.request(startStream(1, 6, 'temperature', { interval: 1000 }));
    await c.next();
    await c.request(startStream(1, 7, 'door'));
    await c.next();
    void d.readProperty('x').catch(() => undefined);
    expect(clock.pending).toBeGreaterThanOrEqual(4); // keep-alive, tick, push, call timeout
    await d.stop();
    expect(clock.pending).toBe(0);
  });

  it('can be stopped from a state listener without leaving a timer', async () => {
    const srv = await server();
    const port = srv.port;
    await srv.close();
    servers.pop();
    for (const at of ['connecting', 'waiting'] as const) {
      const clock = new FakeClock();
      const d = new SimulatedDevice({
        host: '127.0.0.1',
        port,
        user: 'u',
        device: 'd',
        credential: 'c',
        clock,
      });
      devices.push(d);
      const stopped = new Promise<void>((r) =>
        d.on('state', (c) => c.state === at && void d.stop().then(r)),
      );
      d.start();
      await stopped;
      expect(d.state).toBe('stopped');
      expect(clock.pending).toBe(0);
    }
  });

  it('stops cleanly while connecting and while waiting to reconnect', async () => {
    const srv1 = await server();
    const srv = await server();
    const before = await activeResources();
    const d1 = device(srv1);
    d1.start();
    await d1.stop();
    const d2 = device(srv, { reconnectDelayMs: 60_000 });
    d2.start();
    const c = await srv.connection(0);
    await c.next();
    c.send(error(17767));
    await reached(d2, 'waiting');
    await d2.stop();
    await Promise.all([...srv1.connections, ...srv.connections].map((x) => x.closed));
    await expectNothingLeft(before);
  });
});

/**
 * Stream fan-out (IOTMP.md §8.1, §8.6) through a real broker session on an in-memory link and a
 * fake clock: the frames the device would receive, and what each consumer gets.
 */
import { describe, expect, it } from 'vitest';
import {
  Field,
  encodeFrame,
  hexToBytes,
  ok,
  stopStream,
  streamData,
  type Message,
  type PsonValue,
} from '../protocol';
import { newBroker } from '../broker/testing/newBroker';
import { FakeScheduler, flush } from '../broker/testing/FakeScheduler';
import { MemoryLink } from '../broker/testing/MemoryLink';
import type { Session } from '../broker/Session';
import type { Sample } from './StreamHub';
import { gcd, quantize } from './Channel';
import { InMemoryBareIntervals, type BareIntervalMemory } from './BareIntervalMemory';
import { FrameClock } from '../core/frameClock';

const CONNECT = '031e1ae38575736572318773656e736f72318973656372657431323308e78a01';

function setup(bareIntervals?: BareIntervalMemory, wallNow?: () => number) {
  const clock = new FakeScheduler();
  const broker = newBroker(
    {
      scheduler: clock,
      ...(wallNow ? { clock: new FrameClock(wallNow) } : {}),
      credentials: { verify: () => Promise.resolve('accepted') },
    },
    bareIntervals,
  );
  let link = new MemoryLink();
  let session: Session = broker.attach(link)!;
  const connect = async (): Promise<void> => {
    link = new MemoryLink();
    session = broker.attach(link)!;
    session.receive(hexToBytes(CONNECT));
    await flush();
    link.sent.shift(); // the OK; wanted streams may already follow it
  };
  /** Frames the device received since the last call. */
  const received = (): Message[] => {
    const m = link.messages();
    link.sent.length = 0;
    return m;
  };
  /** The device answers OK to a START/STOP and, for a START, sends its first sample. */
  const deviceAnswers = (m: Message, firstSample?: PsonValue): void => {
    const id = m.fields.get(Field.STREAM_ID) as number;
    session.receive(encodeFrame(ok(id), 1));
    if (firstSample !== undefined) session.receive(encodeFrame(streamData(id, firstSample), 1));
  };
  const sample = (id: number, v: PsonValue): void =>
    session.receive(encodeFrame(streamData(id, v), 1));
  return {
    clock,
    broker,
    connect,
    received,
    deviceAnswers,
    sample,
    get session() {
      return session;
    },
  };
}

const params = (m: Message): PsonValue => m.fields.get(Field.PARAMETERS);

/** A consumer of `temperature` every second; the START the device receives. */
async function startTemperature(env: ReturnType<typeof setup>): Promise<Message> {
  env.broker.subscribe('user1', 'sensor1', 'temperature', { intervalMs: 1000, onSample: () => {} });
  await flush();
  return env.received()[0]!;
}

describe('helpers', () => {
  it('gcd and quantize follow §8.6 step 2', () => {
    expect(gcd(6000, 9000)).toBe(3000);
    expect(quantize(7001)).toBe(8000);
    expect(quantize(250)).toBe(1000);
    expect(quantize(0)).toBe(0);
  });
});

describe('StreamHub', () => {
  it('starts one periodic stream in the {"interval": ms} form and delivers samples', async () => {
    const env = setup();
    await env.connect();
    const got: Sample[] = [];
    env.broker.subscribe('user1', 'sensor1', 'temperature', {
      intervalMs: 5000,
      onSample: (s) => void got.push(s),
    });
    await flush();
    const [start] = env.received();
    // The map form every client reads (§8.1), as in the spec's example but with stream id 1.
    expect(Buffer.from(encodeFrame(start!, 1)).toString('hex')).toBe(
      '081d080112c188696e74657276616c1f8827228b74656d7065726174757265',
    );
    env.deviceAnswers(start!, { celsius: 22.5 });
    await flush();
    expect(got.map((s) => s.payload)).toEqual([{ celsius: 22.5 }]);
    expect(got[0]).toMatchObject({ key: 'user1/sensor1', resource: 'temperature' });
  });

  it('serves 6 s and 9 s consumers from one 3 s device stream, each at its own rate', async () => {
    const env = setup();
    await env.connect();
    const six: PsonValue[] = [];
    const nine: PsonValue[] = [];
    env.broker.subscribe('user1', 'sensor1', 't', {
      intervalMs: 6000,
      onSample: (s) => void six.push(s.payload),
    });
    await flush();
    const [first] = env.received();
    env.deviceAnswers(first!, 0);
    await flush();
    env.broker.subscribe('user1', 'sensor1', 't', {
      intervalMs: 9000,
      onSample: (s) => void nine.push(s.payload),
    });
    await flush();
    // The GCD changed: STOP the 6 s stream, START a 3 s one on a new id (§8.6 step 4).
    const [stop, start] = env.received();
    expect(stop!.type).toBe(9);
    expect(stop!.fields.get(Field.STREAM_ID)).toBe(first!.fields.get(Field.STREAM_ID));
    env.deviceAnswers(stop!);
    await flush();
    const [start2] = start ? [start] : env.received();
    expect(params(start2!)).toEqual({ interval: 3000 });
    env.deviceAnswers(start2!, 1);
    await flush();
    const id = start2!.fields.get(Field.STREAM_ID) as number;
    six.length = 0;
    nine.length = 0;
    for (let i = 2; i <= 7; i++) {
      await env.clock.advance(3000);
      env.sample(id, i);
    }
    await flush();
    // 18 s of 3 s samples: the 6 s consumer gets every second one, the 9 s consumer every third.
    expect(six).toEqual([3, 5, 7]);
    expect(nine).toEqual([4, 7]);
  });

  it('stops the device stream when the last consumer leaves', async () => {
    const env = setup();
    await env.connect();
    const sub = env.broker.subscribe('user1', 'sensor1', 't', {
      intervalMs: 1000,
      onSample: () => {},
    });
    await flush();
    env.deviceAnswers(env.received()[0]!, 1);
    await flush();
    sub.close();
    await flush();
    const [stop] = env.received();
    expect(stop!.type).toBe(9);
    expect(env.broker.streams.stats()).toMatchObject({ consumers: 0 });
  });

  it('opens an event stream (no interval) for consumers that want every change', async () => {
    const env = setup();
    await env.connect();
    const got: PsonValue[] = [];
    env.broker.subscribe('user1', 'sensor1', 'heading', {
      intervalMs: 0,
      onSample: (s) => void got.push(s.payload),
    });
    await flush();
    const [start] = env.received();
    expect(start!.fields.has(Field.PARAMETERS)).toBe(false);
    env.deviceAnswers(start!, 10);
    const id = start!.fields.get(Field.STREAM_ID) as number;
    env.sample(id, 11);
    env.sample(id, 12);
    await flush();
    expect(got).toEqual([10, 11, 12]);
  });

  it('restarts wanted streams after the device reconnects', async () => {
    const env = setup();
    await env.connect();
    const statuses: string[] = [];
    env.broker.subscribe('user1', 'sensor1', 't', {
      intervalMs: 2000,
      onSample: () => {},
      onStatus: (s) => void statuses.push(s.state),
    });
    await flush();
    env.deviceAnswers(env.received()[0]!, 1);
    await flush();
    env.session.transportClosed();
    await flush();
    expect(statuses).toContain('waiting');
    await env.connect();
    await flush();
    const [restart] = env.received();
    expect(restart!.type).toBe(8);
    expect(params(restart!)).toEqual({ interval: 2000 });
  });

  it('falls back to the bare-number interval for a device that only sent the first sample (§8.1, §9.5)', async () => {
    const env = setup();
    await env.connect();
    env.broker.subscribe('user1', 'sensor1', 'temperature', {
      intervalMs: 1000,
      onSample: () => {},
    });
    await flush();
    const [start] = env.received();
    env.deviceAnswers(start!, { celsius: 22.5 });
    await env.clock.advance(4000); // 2 × 1000 + 2000 ms without a periodic sample
    const frames = env.received();
    expect(frames.map((m) => m.type)).toEqual([9, 8]);
    expect(params(frames[1]!)).toBe(1000);
  });

  it('a device learnt to read only the bare-number interval is asked in that form at once after a restart', async () => {
    const memory = new InMemoryBareIntervals();
    const first = setup(memory);
    await first.connect();
    first.deviceAnswers(await startTemperature(first), { celsius: 22.5 });
    await first.clock.advance(4000);
    expect(memory.has('user1/sensor1')).toBe(true);
    // A new broker (the app restarted) with the same memory (the app's settings).
    const second = setup(memory);
    await second.connect();
    const start = await startTemperature(second);
    expect(params(start)).toBe(1000);
  });

  it('a remembered device silent in the bare form is asked in the map form again and forgotten, once', async () => {
    const memory = new InMemoryBareIntervals();
    memory.set('user1/sensor1', true);
    const env = setup(memory);
    await env.connect();
    const start = await startTemperature(env);
    expect(params(start)).toBe(1000);
    env.deviceAnswers(start, { celsius: 22.5 });
    await env.clock.advance(4000);
    const frames = env.received();
    expect(frames.map((m) => m.type)).toEqual([9, 8]);
    expect(params(frames[1]!)).toEqual({ interval: 1000 });
    expect(memory.has('user1/sensor1')).toBe(false);
    // Silent in that form too: no more switching back and forth.
    env.deviceAnswers(frames[1]!, { celsius: 22.5 });
    await env.clock.advance(10_000);
    expect(env.received().filter((m) => m.type === 8)).toHaveLength(0);
  });

  it("counts each stream's own samples for the §8.1 fallback when a resource has a periodic and an event stream", async () => {
    const env = setup();
    await env.connect();
    const periodic: PsonValue[] = [];
    const events: PsonValue[] = [];
    env.broker.subscribe('user1', 'sensor1', 'level', {
      intervalMs: 1000,
      onSample: (s) => void periodic.push(s.payload),
    });
    env.broker.subscribe('user1', 'sensor1', 'level', {
      intervalMs: 0,
      onSample: (s) => void events.push(s.payload),
    });
    await flush();
    const [p] = env.received();
    env.deviceAnswers(p!, 1); // the first sample in the same read as the OK
    await flush();
    const [e] = env.received();
    const [pId, eId] = [p!, e!].map((m) => m.fields.get(Field.STREAM_ID) as number);
    expect(params(e!)).toBeUndefined();
    env.deviceAnswers(e!, 2);
    // Only the event stream keeps sending: its samples do not count for the periodic one.
    for (let i = 0; i < 4; i++) {
      await env.clock.advance(900);
      env.sample(eId!, 10 + i);
    }
    await env.clock.advance(500); // 2 × 1000 + 2000 ms after the periodic start
    const frames = env.received();
    expect(frames.map((m) => [m.type, m.fields.get(Field.STREAM_ID)])).toEqual([
      [9, pId],
      [8, expect.any(Number)],
    ]);
    expect(params(frames[1]!)).toBe(1000);
    // Asked again in the bare form, it streams; the device then ends the event stream only.
    const bareId = frames[1]!.fields.get(Field.STREAM_ID) as number;
    env.deviceAnswers(frames[1]!, 20);
    env.session.receive(encodeFrame(stopStream(eId!), 1));
    env.sample(bareId, 21);
    env.sample(eId!, 99); // late: the event stream is over
    await env.clock.advance(1000);
    env.sample(bareId, 22);
    await flush();
    // The event consumer takes every sample of either stream (§8.6), also after its own ended.
    expect(events).toEqual([1, 2, 10, 11, 12, 13, 20, 21, 22]);
    // The periodic consumer takes one a second, whichever stream it came by.
    expect(periodic).toEqual([1, 10, 11, 12, 13, 22]);
    expect(env.broker.streams.stats()).toMatchObject({ upstreams: 1 });
  });

  it('keeps a periodic stream whose first sample came with the OK and whose next ones follow', async () => {
    const env = setup();
    await env.connect();
    const start = await startTemperature(env);
    env.deviceAnswers(start, 1);
    const id = start.fields.get(Field.STREAM_ID) as number;
    await env.clock.advance(1000);
    env.sample(id, 2);
    await env.clock.advance(10_000);
    expect(env.received()).toEqual([]);
  });

  it('bounds a slow consumer queue, drops the oldest and counts them', async () => {
    const env = setup();
    await env.connect();
    let busy = true;
    const got: PsonValue[] = [];
    const sub = env.broker.subscribe('user1', 'sensor1', 'fast', {
      intervalMs: 0,
      queueLength: 4,
      onSample: (s) => {
        if (busy) return false;
        got.push(s.payload);
        return true;
      },
    });
    await flush();
    const [start] = env.received();
    env.deviceAnswers(start!, 0);
    const id = start!.fields.get(Field.STREAM_ID) as number;
    for (let i = 1; i <= 9; i++) env.sample(id, i);
    await flush();
    expect(sub.dropped).toBe(6);
    busy = false;
    sub.resume();
    expect(got).toEqual([6, 7, 8, 9]);
  });

  it('offers a sample once: a busy consumer is not asked again until it resumes (D2)', async () => {
    const env = setup();
    await env.connect();
    let busy = true;
    const offered: PsonValue[] = [];
    const sub = env.broker.subscribe('user1', 'sensor1', 'fast', {
      intervalMs: 0,
      queueLength: 4,
      onSample: (s) => {
        offered.push(s.payload);
        return !busy;
      },
    });
    await flush();
    const [start] = env.received();
    env.deviceAnswers(start!, 0);
    const id = start!.fields.get(Field.STREAM_ID) as number;
    for (let i = 1; i <= 20; i++) env.sample(id, i);
    await flush();
    // Only the first sample was offered (and refused) while busy; the rest queued, bounded.
    expect(offered).toEqual([0]);
    expect(sub.dropped).toBe(17);
    busy = false;
    sub.resume();
    expect(offered).toEqual([0, 17, 18, 19, 20]);
    env.sample(id, 21);
    expect(offered.at(-1)).toBe(21);
  });

  it('hands the sole consumer each sample once, in order, through busy spells, a second consumer and its own close', async () => {
    const env = setup();
    await env.connect();
    let busy = false;
    const offered: PsonValue[] = [];
    const sub = env.broker.subscribe('user1', 'sensor1', 'fast', {
      intervalMs: 0,
      onSample: (s) => {
        offered.push(s.payload);
        if (s.payload === 'close') sub.close();
        return !busy;
      },
    });
    await flush();
    const [start] = env.received();
    env.deviceAnswers(start!, 0);
    await flush();
    const id = start!.fields.get(Field.STREAM_ID) as number;
    busy = true;
    env.sample(id, 1); // refused: it waits at the head of the queue
    env.sample(id, 2); // queued behind it, not offered
    const other: PsonValue[] = [];
    const second = env.broker.subscribe('user1', 'sensor1', 'fast', {
      intervalMs: 0,
      onSample: (s) => void other.push(s.payload),
    });
    env.sample(id, 3);
    second.close(); // sole again, and still busy
    env.sample(id, 4);
    expect(offered).toEqual([0, 1]);
    busy = false;
    sub.resume();
    env.sample(id, 5);
    env.sample(id, 'close');
    env.sample(id, 6);
    await flush();
    expect(offered).toEqual([0, 1, 1, 2, 3, 4, 5, 'close']);
    expect(other).toEqual([2, 3]); // the current value at once, then the next sample
    expect(sub.dropped).toBe(0);
  });

  it('gives a new consumer the current value at once when the stream already runs', async () => {
    const env = setup();
    await env.connect();
    env.broker.subscribe('user1', 'sensor1', 't', { intervalMs: 1000, onSample: () => {} });
    await flush();
    env.deviceAnswers(env.received()[0]!, 42);
    await flush();
    const late: PsonValue[] = [];
    env.broker.subscribe('user1', 'sensor1', 't', {
      intervalMs: 1000,
      onSample: (s) => void late.push(s.payload),
    });
    expect(late).toEqual([42]);
  });

  it('reports a resource the device refuses', async () => {
    const env = setup();
    await env.connect();
    const statuses: unknown[] = [];
    env.broker.subscribe('user1', 'sensor1', 'nope', {
      intervalMs: 1000,
      onSample: () => {},
      onStatus: (s) => void statuses.push(s),
    });
    await flush();
    const [start] = env.received();
    env.session.receive(
      encodeFrame({ type: 2, fields: new Map([[1, start!.fields.get(Field.STREAM_ID)!]]) }, 1),
    );
    await flush();
    expect(statuses.at(-1)).toMatchObject({
      state: 'error',
      reason: 'the device refused the stream',
    });
  });

  it('a consumer that closes while a sample is delivered costs the others nothing', async () => {
    const env = setup();
    await env.connect();
    const got: [string, PsonValue][] = [];
    const first = env.broker.subscribe('user1', 'sensor1', 'door', {
      intervalMs: 0,
      onSample: (s) => {
        got.push(['first', s.payload]);
        first.close();
      },
    });
    env.broker.subscribe('user1', 'sensor1', 'door', {
      intervalMs: 0,
      onSample: (s) => void got.push(['second', s.payload]),
    });
    await flush();
    const [start] = env.received();
    env.deviceAnswers(start!, 'open');
    env.sample(start!.fields.get(Field.STREAM_ID) as number, 'closed');
    await flush();
    expect(got).toEqual([
      ['first', 'open'],
      ['second', 'open'],
      ['second', 'closed'],
    ]);
  });

  it('routes interleaved samples of two streams by id, and none of a stream the device ended (§8.2, §8.4)', async () => {
    const env = setup();
    await env.connect();
    const got: [string, PsonValue][] = [];
    for (const resource of ['door', 'window'])
      env.broker.subscribe('user1', 'sensor1', resource, {
        intervalMs: 0,
        onSample: (s) => void got.push([s.resource, s.payload]),
      });
    await flush();
    const starts = env.received();
    const [door, window] = starts.map((m) => m.fields.get(Field.STREAM_ID) as number);
    for (const m of starts) env.deviceAnswers(m);
    for (let i = 0; i < 2; i++) {
      env.sample(door!, i);
      env.sample(door!, i + 10);
      env.sample(window!, i);
    }
    // The device ends the door stream; a late sample on its id (the last one a sample came by
    // on, after one more door sample) reaches nobody.
    env.sample(door!, 99);
    env.session.receive(encodeFrame(stopStream(door!), 1));
    env.sample(door!, 100);
    env.sample(window!, 7);
    await flush();
    expect(got).toEqual([
      ['door', 0],
      ['door', 10],
      ['window', 0],
      ['door', 1],
      ['door', 11],
      ['window', 1],
      ['door', 99],
      ['window', 7],
    ]);
  });

  it('a late sample on a stream the server stopped reaches nobody (§8.2), though it was the last one used', async () => {
    const env = setup();
    await env.connect();
    const got: [string, PsonValue][] = [];
    const receiver = (name: string) => ({
      item: (v: PsonValue) => void got.push([name, v]),
      end: () => void got.push([name, 'end']),
    });
    const opened = env.session.openStream('door', { intervalMs: 0 }, receiver('old'));
    await flush();
    const [start] = env.received();
    const oldId = start!.fields.get(Field.STREAM_ID) as number;
    env.deviceAnswers(start!, 1);
    await opened;
    env.sample(oldId, 2); // the stream of the last item, as the session remembers it
    const stopped = env.session.stopStream(oldId);
    await flush();
    const [stop] = env.received();
    expect(stop!.type).toBe(9); // STOP_STREAM
    env.sample(oldId, 98); // sent before the device read the STOP
    env.deviceAnswers(stop!);
    await stopped;
    const reopened = env.session.openStream('door', { intervalMs: 0 }, receiver('new'));
    await flush();
    const [restart] = env.received();
    const newId = restart!.fields.get(Field.STREAM_ID) as number;
    env.deviceAnswers(restart!, 3);
    await reopened;
    env.sample(oldId, 99);
    env.sample(newId, 4);
    env.session.close('test over');
    expect(got).toEqual([
      ['old', 1],
      ['old', 2],
      ['new', 3],
      ['new', 4],
      ['new', 'end'],
    ]);
  });

  it("stamps a sample with its frame's one wall-clock reading, as the registry and the inspector do", async () => {
    let wall = 1_000_000;
    const env = setup(undefined, () => wall++); // every read of the clock moves it
    await env.connect();
    const times: number[] = [];
    env.broker.subscribe('user1', 'sensor1', 'door', {
      intervalMs: 0,
      onSample: (s) => void times.push(s.time),
    });
    await flush();
    const [start] = env.received();
    const id = start!.fields.get(Field.STREAM_ID) as number;
    env.deviceAnswers(start!, 1);
    env.sample(id, 2);
    await flush();
    expect(times).toHaveLength(2);
    expect(times[1]).toBeGreaterThan(times[0]!);
    const last = env.broker.inspector.frames('user1/sensor1').at(-1)!;
    expect(last.time).toBe(times[1]);
    const device = env.broker.registry.list().find((d) => d.user === 'user1')!;
    expect(device.lastSeen).toBe(times[1]);
    // Between frames the clock is read afresh.
    const before = wall;
    env.broker.registry.now();
    expect(wall).toBe(before + 1);
  });

  it('tells consumers when the device ends a stream itself (§8.4) and does not restart it', async () => {
    const env = setup();
    await env.connect();
    const statuses: unknown[] = [];
    env.broker.subscribe('user1', 'sensor1', 'session', {
      intervalMs: 0,
      onSample: () => {},
      onStatus: (s) => void statuses.push(s),
    });
    await flush();
    const [start] = env.received();
    env.deviceAnswers(start!, 1);
    await flush();
    env.session.receive(encodeFrame(stopStream(start!.fields.get(Field.STREAM_ID) as number), 1));
    await flush();
    expect(statuses.at(-1)).toEqual({ state: 'error', reason: 'the device ended the stream' });
    // Only the OK to the device's STOP: no new START for a finished session resource.
    expect(env.received().map((m) => m.type)).toEqual([1]);
  });
});

/**
 * Stream samples go to one log shared by every device (SampleLog); a device's history is put
 * together when read. These tests read it through the inspector, as the UI and the API do, except
 * where each sample's fate (kept or thinned) is checked against the log's count.
 */
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  encodeFrame,
  keepAlive,
  startStream,
  streamData,
  type Message,
} from '../protocol';
import { FrameInspector } from './FrameInspector';
import { SampleLog } from './SampleLog';

function recorder(inspector: FrameInspector) {
  return (key: string, direction: 'in' | 'out', m: Message): Uint8Array => {
    const bytes = encodeFrame(m, 1);
    // A view of a larger buffer reused after the call, as the socket's shared read buffer is.
    const shared = new Uint8Array(bytes.length + 8);
    shared.set(bytes, 4);
    const view = shared.subarray(4, 4 + bytes.length);
    inspector.record(key, direction, view, m, undefined, bytes.length, 1);
    shared.fill(0xee);
    return bytes;
  };
}

/** A log of `frames` and `bytes`; no device is thinned unless `perSecond` is given. */
const small = (
  frames: number,
  bytes: number,
  keptPerDevice: number,
  maxDevices = 1000,
  perSecond = Infinity,
  clock = () => 1_700_000_000_000,
) =>
  new FrameInspector(clock, 100, 64 * 1024, maxDevices, {
    frames,
    bytes,
    keptPerDevice,
    perSecond,
    burst: perSecond === Infinity ? Infinity : perSecond,
  });

describe('SampleLog (through FrameInspector)', () => {
  it("puts a device's samples and its other frames back in order, with their own bytes", () => {
    const inspector = small(64, 4096, 4);
    const record = recorder(inspector);
    const sent: string[] = [];
    sent.push(bytesToHex(record('a', 'out', startStream(1, 5, 'temperature'))));
    for (let i = 0; i < 3; i++) {
      sent.push(bytesToHex(record('a', 'in', streamData(5, { t: i }))));
      record('b', 'in', streamData(9, i)); // another device's samples in between
    }
    sent.push(bytesToHex(record('a', 'in', keepAlive())));
    sent.push(bytesToHex(record('a', 'in', streamData(5, { t: 3 }))));
    const frames = inspector.frames('a');
    expect(frames.map((f) => [f.seq, f.type])).toEqual([
      [1, 'START_STREAM'],
      [2, 'STREAM_DATA'],
      [3, 'STREAM_DATA'],
      [4, 'STREAM_DATA'],
      [5, 'KEEP_ALIVE'],
      [6, 'STREAM_DATA'],
    ]);
    expect(frames.map((f) => f.hex)).toEqual(sent);
    expect(frames[1]).toMatchObject({ resource: 'temperature', fields: { payload: { t: 0 } } });
    expect(inspector.frames('a', 4).map((f) => f.seq)).toEqual([5, 6]);
    expect(inspector.frames('b').map((f) => f.seq)).toEqual([1, 2, 3]);
  });

  it('chatty devices fill the log; a quiet device keeps its newest samples and all its other frames', () => {
    const inspector = small(32, 4096, 4);
    const record = recorder(inspector);
    for (let i = 1; i <= 10; i++) record('quiet', 'in', streamData(1, i));
    record('quiet', 'in', keepAlive());
    for (let i = 1; i <= 200; i++) record('chatty', 'in', streamData(1, i));
    // The quiet device's newest 4 samples left the log for its own ring; the older 6 are gone.
    expect(inspector.frames('quiet').map((f) => [f.seq, f.fields?.payload ?? null])).toEqual([
      [7, 7],
      [8, 8],
      [9, 9],
      [10, 10],
      [11, null],
    ]);
    // A chatty device keeps what the log holds (its newest 32).
    const chatty = inspector.frames('chatty');
    expect(chatty.map((f) => f.seq)).toEqual(Array.from({ length: 32 }, (_, i) => 169 + i));
  });

  it('keeps whole frames when the byte buffer wraps, and at most its bytes', () => {
    const frame = encodeFrame(streamData(1, 'x'.repeat(20)), 1).length;
    const inspector = small(1000, frame * 3 + 5, 0);
    const record = recorder(inspector);
    const sent: string[] = [];
    for (let i = 0; i < 10; i++)
      sent.push(bytesToHex(record('a', 'in', streamData(1, String(i).repeat(20)))));
    const frames = inspector.frames('a');
    expect(frames.map((f) => f.seq)).toEqual([8, 9, 10]);
    expect(frames.map((f) => f.hex)).toEqual(sent.slice(7));
  });

  it("never shows a forgotten device's samples to the device that takes its place, or to its next history", () => {
    const inspector = small(64, 4096, 4, 2);
    const record = recorder(inspector);
    for (let i = 0; i < 3; i++) record('a', 'in', streamData(1, i));
    record('b', 'in', keepAlive());
    record('c', 'in', keepAlive()); // a full pass, then the oldest (a) is forgotten
    expect(inspector.frames('a')).toEqual([]);
    expect(inspector.frames('c').map((f) => f.type)).toEqual(['KEEP_ALIVE']);
    record('c', 'in', streamData(1, 'c'));
    expect(inspector.frames('c').map((f) => f.fields?.payload ?? null)).toEqual([null, 'c']);
    record('a', 'in', streamData(1, 'again'));
    expect(inspector.frames('a').map((f) => [f.seq, f.fields?.payload])).toEqual([[1, 'again']]);
  });

  it('clearing a device hides its samples in the log; newer ones show', () => {
    const inspector = small(64, 4096, 4);
    const record = recorder(inspector);
    for (let i = 0; i < 3; i++) record('a', 'in', streamData(1, i));
    inspector.clear('a');
    expect(inspector.frames('a')).toEqual([]);
    record('a', 'in', streamData(1, 'new'));
    expect(inspector.frames('a').map((f) => [f.seq, f.fields?.payload])).toEqual([[4, 'new']]);
  });

  it('a follower gets samples as they come, and none after it stops', () => {
    const inspector = small(64, 4096, 4);
    const record = recorder(inspector);
    const seen: [number, string][] = [];
    const stop = inspector.follow('a', (f) => seen.push([f.seq, f.hex]));
    const hex = bytesToHex(record('a', 'in', streamData(1, 42)));
    record('b', 'in', streamData(1, 43));
    stop();
    stop(); // twice is harmless
    record('a', 'in', streamData(1, 44));
    expect(seen).toEqual([[1, hex]]);
  });

  it('thins a device past its rate after a first burst; slower devices and a live follower get every sample', () => {
    let now = 1_700_000_000_000;
    const inspector = small(4096, 64 * 1024, 4, 1000, 100, () => now);
    const record = recorder(inspector);
    const followed: number[] = [];
    inspector.follow('fast', (f) => followed.push(f.seq));
    // 'fast' sends 1,000 samples a second for 0.3 s, 'slow' 100 a second (the rate itself).
    for (let ms = 0; ms < 300; ms++) {
      now = 1_700_000_000_000 + ms;
      record('fast', 'in', streamData(1, ms));
      if (ms % 10 === 0) record('slow', 'in', streamData(1, ms));
    }
    expect(followed).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const slow = inspector.frames('slow').map((f) => f.seq);
    expect(slow).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // 'fast': every sample while its burst lasts, then one in ten (0.1 a millisecond); the
    // inspector shows its newest 100.
    const fast = inspector.frames('fast').map((f) => f.seq);
    expect(fast).toHaveLength(100);
    const gaps = fast.slice(1).map((seq, i) => seq - (fast[i] ?? 0));
    expect(gaps.slice(-18)).toEqual(Array.from({ length: 18 }, () => 10));
    expect(gaps.slice(0, 70)).toEqual(Array.from({ length: 70 }, () => 1));
    expect(fast.at(-1)).toBeGreaterThan(290);
    // After a pause the device has its burst again: the next 100 samples are all kept.
    now += 5_000;
    for (let i = 0; i < 100; i++) record('fast', 'in', streamData(1, i));
    const after = inspector.frames('fast').map((f) => f.seq);
    expect(after).toEqual(Array.from({ length: 100 }, (_, i) => 301 + i));
  });
});

describe('samples not kept (thinned), counted per device', () => {
  const T0 = 1_700_000_000_000;
  const sample = encodeFrame(streamData(1, 1), 1);

  it('counts every sample a device past its rate did not log, from the first one’s time; a device at the rate has none', () => {
    const log = new SampleLog(4096, 64 * 1024, 2, 4, 100, 100, () => {});
    log.claimSlot(0, 1);
    log.claimSlot(1, 2);
    let notKept = 0;
    let firstNotKept: number | null = null;
    // Slot 0 at 1,000 samples a second for 0.3 s, slot 1 at 100 a second (the rate itself).
    for (let ms = 0; ms < 300; ms++) {
      if (!log.push(1, 0, ms + 1, T0 + ms, 1, sample)) {
        notKept++;
        firstNotKept ??= T0 + ms;
      }
      if (ms % 10 === 0) expect(log.push(2, 1, ms / 10 + 1, T0 + ms, 1, sample)).toBe(true);
    }
    expect(notKept).toBeGreaterThan(150);
    expect(log.thinned(0)).toEqual({ count: notKept, since: firstNotKept });
    expect(log.thinned(1)).toBeNull();
  });

  it('clearing a device counts from zero again; a device reusing a forgotten one’s slot starts with none', () => {
    let now = T0;
    const inspector = small(4096, 64 * 1024, 4, 1, 100, () => now);
    const record = recorder(inspector);
    const flood = (key: string, ms: number): void => {
      for (let i = 0; i < ms; i++, now++) record(key, 'in', streamData(1, i));
    };
    flood('fast', 300);
    const before = inspector.thinned('fast');
    expect(before).toMatchObject({ perSecond: 100 });
    // Its burst of 100 (refilled by 0.1 a millisecond meanwhile) went into the log first.
    expect(before!.since).toBeGreaterThan(T0 + 100);
    expect(before!.count).toBeGreaterThan(150);

    inspector.clear('fast');
    const clearedAt = now;
    expect(inspector.thinned('fast')).toBeNull();
    flood('fast', 100); // still past its rate: counted again, from after the clear
    const after = inspector.thinned('fast');
    expect(after!.since).toBeGreaterThanOrEqual(clearedAt);
    expect(after!.count).toBeGreaterThan(80);
    expect(after!.count).toBeLessThan(100);

    // One device at most: 'quiet' takes the slot of 'fast', which is forgotten.
    record('quiet', 'in', streamData(1, 0));
    expect(inspector.thinned('fast')).toBeNull();
    expect(inspector.thinned('quiet')).toBeNull();
    expect(inspector.frames('quiet').map((f) => f.seq)).toEqual([1]);
  });
});

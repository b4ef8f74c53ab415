import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  keepAlive,
  ok,
  startStream,
  streamData,
  type ProtocolVersion,
} from '../protocol';
import { FrameInspector } from './FrameInspector';

const KEEP_ALIVE = encodeFrame(keepAlive(), 1);

describe('FrameInspector', () => {
  it('past its device limit forgets a quiet device before one that keeps sending', () => {
    const inspector = new FrameInspector(() => 0, 100, 64 * 1024, 3);
    const send = (key: string): void =>
      inspector.record(key, 'in', KEEP_ALIVE, null, undefined, KEEP_ALIVE.length, 1);
    for (const key of ['a', 'b', 'c']) send(key);
    send('d'); // all three were active: a full pass, then the oldest goes
    expect(inspector.frames('a')).toEqual([]);
    send('b'); // b keeps sending, c stays quiet
    send('e');
    expect(inspector.frames('c')).toEqual([]);
    expect(inspector.frames('b').map((f) => f.seq)).toEqual([1, 2]);
    expect(inspector.frames('d')).toHaveLength(1);
    expect(inspector.frames('e')).toHaveLength(1);
  });

  it('a history held by a connection gives its memory up when evicted; its next frame starts a new one', () => {
    const inspector = new FrameInspector(() => 0, 100, 64 * 1024, 2);
    const held = inspector.historyOf('a');
    inspector.recordIn(held, 'in', KEEP_ALIVE, null, undefined, KEEP_ALIVE.length, 1);
    for (const key of ['b', 'c', 'd'])
      inspector.record(key, 'in', KEEP_ALIVE, null, undefined, KEEP_ALIVE.length, 1);
    expect(held.forgotten).toBe(true);
    expect(held.ring.size).toBe(0);
    expect(inspector.frames('a')).toEqual([]);
    inspector.recordIn(held, 'out', KEEP_ALIVE, null, undefined, KEEP_ALIVE.length, 1);
    expect(inspector.frames('a').map((f) => [f.seq, f.direction])).toEqual([[1, 'out']]);
  });

  it("a connection's held slot that went to another device is asked for again: its frames stay its device's", () => {
    const inspector = new FrameInspector(() => 0, 100, 64 * 1024, 2);
    const holder = { inspectorSlot: -1, inspectorUid: 0 };
    const sample = encodeFrame(streamData(1, 1), 1);
    const held = (): void =>
      inspector.recordHeld(holder, 'a', 'in', sample, streamData(1, 1), undefined, 1);
    held();
    const first = { ...holder };
    for (const key of ['b', 'c'])
      inspector.record(key, 'in', KEEP_ALIVE, null, undefined, KEEP_ALIVE.length, 1);
    expect(inspector.frames('a')).toEqual([]); // forgotten; c took its slot
    held();
    held();
    expect(holder.inspectorUid).not.toBe(first.inspectorUid);
    expect(inspector.frames('a').map((f) => [f.seq, f.type])).toEqual([
      [1, 'STREAM_DATA'],
      [2, 'STREAM_DATA'],
    ]);
    expect(inspector.frames('c').map((f) => f.type)).toEqual(['KEEP_ALIVE']);
  });

  it('keeps a preview of a frame too big for its hex, not the whole message (bench:hostile slow-reader)', () => {
    const inspector = new FrameInspector(() => 0);
    const answer = ok(7, {
      payload: { big: 'x'.repeat(60_000), list: Array.from({ length: 100 }, (_, i) => i) },
    });
    const bytes = encodeFrame(answer, 1);
    inspector.record('site/thermo', 'out', bytes, answer, undefined, bytes.length, 1);
    const [frame] = inspector.frames('site/thermo');
    expect(frame!.size).toBe(bytes.length);
    const payload = JSON.stringify(frame!.fields);
    expect(payload).toContain('… (60000 characters)');
    expect(payload).toContain('… (100 items)');
    expect(payload.length).toBeLessThan(1024);
  });

  it('numbers frames per device and serves those after a sequence number', () => {
    const inspector = new FrameInspector(() => 1_700_000_000_000);
    for (let i = 0; i < 3; i++) inspector.record('site/thermo', 'out', KEEP_ALIVE, keepAlive());
    const frames = inspector.frames('site/thermo', 1);
    expect(frames.map((f) => [f.seq, f.direction, f.type, f.hex])).toEqual([
      [2, 'out', 'KEEP_ALIVE', '0500'],
      [3, 'out', 'KEEP_ALIVE', '0500'],
    ]);
    expect(frames[0]!.time).toBe(1_700_000_000_000);
  });

  it.each([0, 1] as ProtocolVersion[])(
    'names the stream of frames whose START_STREAM left the ring (IOTMP.md §5.8, pv%i)',
    (pv) => {
      const inspector = new FrameInspector(() => 0, 10);
      const record = (direction: 'in' | 'out', m: ReturnType<typeof keepAlive>): void => {
        const bytes = encodeFrame(m, pv);
        inspector.record('site/thermo', direction, bytes, m, undefined, bytes.length, pv);
      };
      record('out', startStream(pv, 7, 'temperature', { interval: 1000 }));
      record('out', startStream(pv, 8, 'humidity'));
      for (let i = 0; i < 30; i++) record('in', streamData(i % 2 ? 7 : 8, i));
      record('in', keepAlive());
      const frames = inspector.frames('site/thermo');
      expect(frames.some((f) => f.type === 'START_STREAM')).toBe(false); // gone from the ring
      expect(
        frames.filter((f) => f.streamId === 7).every((f) => f.resource === 'temperature'),
      ).toBe(true);
      expect(frames.filter((f) => f.streamId === 8).every((f) => f.resource === 'humidity')).toBe(
        true,
      );
      expect(frames[frames.length - 1]).toMatchObject({ type: 'KEEP_ALIVE', resource: null });
    },
  );
});

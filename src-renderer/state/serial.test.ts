// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MonitorInfo } from '@contract/serialSchemas';
import { fakeApi, installFakeApi, type FakeApi } from '../testing/fakeApi';
import { monitorInfo } from '../views/boards/testing';
import {
  feedOf,
  MAX_PENDING_EVENTS,
  openMonitor,
  resetSerial,
  setFrameScheduler,
  useSerial,
} from './serial';
import type { RowBuffer } from '../model/serialRows';

const PORT = '/tmp/vboard.X/tty';
const info = (patch: Partial<MonitorInfo> = {}): MonitorInfo => monitorInfo(PORT, patch);

/** Frames run by hand: `frames.run()` is one animation frame. */
function manualFrames() {
  const queue: (() => void)[] = [];
  setFrameScheduler((run) => queue.push(run));
  return {
    pending: () => queue.length,
    run: () => queue.splice(0).forEach((f) => f()),
  };
}

const version = (): number => useSerial.getState().monitors[PORT]?.version ?? 0;
const texts = (b: RowBuffer): string[] => b.all().map((r) => r.text);

afterEach(() => {
  resetSerial();
  setFrameScheduler(null);
});

describe('serial feed: batching per animation frame', () => {
  let fake: FakeApi;
  beforeEach(() => {
    fake = installFakeApi(
      fakeApi({
        'serial.buffer': ({ afterSeq }) => ({
          monitor: info({ lastLineSeq: 2, droppedLines: 7 }),
          lines: [
            { seq: 1, t: 1, text: 'BANNER fw=hello version=1.0.0 mcu=atmega328p' },
            { seq: 2, t: 2, text: 'ping' },
          ].filter((l) => l.seq > (afterSeq ?? 0)),
          chunks: [],
          partial: null,
          more: false,
        }),
      }),
    );
  });

  it('reads the history first, then appends live lines once per frame, without duplicates', async () => {
    const frames = manualFrames();
    const feed = feedOf(PORT);
    feed.attach(false);
    expect(fake.subscriptions('serial.output')).toEqual([
      { topic: 'serial.output', params: { port: PORT, chunks: false } },
    ]);
    // A live line that overlaps the history arrives before the history answer.
    fake.emit('serial.output', { kind: 'line', port: PORT, seq: 2, t: 2, text: 'ping' });
    fake.emit('serial.output', { kind: 'line', port: PORT, seq: 3, t: 3, text: 'pong' });
    await vi.waitFor(() => expect(feed.lines.length).toBe(3));
    expect(texts(feed.lines)).toEqual([
      'BANNER fw=hello version=1.0.0 mcu=atmega328p',
      'ping',
      'pong',
    ]);
    expect(useSerial.getState().monitors[PORT]?.droppedBefore).toBe(7);

    const before = version();
    for (let i = 4; i < 104; i++)
      fake.emit('serial.output', { kind: 'line', port: PORT, seq: i, t: i, text: `n${i}` });
    fake.emit('serial.output', { kind: 'partial', port: PORT, t: 200, text: '> ' });
    expect(feed.lines.length).toBe(3); // nothing appended before the frame
    expect(version()).toBe(before);
    expect(frames.pending()).toBe(1); // one frame requested for the whole burst
    frames.run();
    expect(feed.lines.length).toBe(103);
    expect(version()).toBe(before + 1);
    expect(useSerial.getState().monitors[PORT]?.partial).toEqual({ t: 200, text: '> ' });
  });

  it('history alone (nothing live yet) reaches the views', async () => {
    manualFrames();
    const feed = feedOf(PORT);
    feed.attach(false);
    await vi.waitFor(() => expect(version()).toBe(1));
    expect(feed.lines.length).toBe(2);
  });

  it('status changes, clear from another window, and a new session numbering from 1', async () => {
    const frames = manualFrames();
    const feed = feedOf(PORT);
    feed.attach(false);
    await vi.waitFor(() => expect(feed.lines.length).toBe(2));
    fake.emit('serial.output', {
      kind: 'status',
      port: PORT,
      status: 'paused',
      message: 'Paused for flashing · resumes by itself',
      baudRate: 115200,
      error: null,
    });
    frames.run();
    expect(useSerial.getState().monitors[PORT]).toMatchObject({
      status: 'paused',
      message: 'Paused for flashing · resumes by itself',
    });
    fake.emit('serial.output', { kind: 'cleared', port: PORT });
    frames.run();
    expect(feed.lines.length).toBe(0);

    fake.emit('serial.output', {
      kind: 'status',
      port: PORT,
      status: 'closed',
      message: 'Closed',
      baudRate: null,
      error: null,
    });
    fake.emit('serial.output', { kind: 'line', port: PORT, seq: 1, t: 9, text: 'again' });
    frames.run();
    expect(texts(feed.lines)).toEqual(['again']);
  });

  it('a burst bigger than the queue bound is appended at once (a hidden tab gets no frames)', async () => {
    const frames = manualFrames();
    const feed = feedOf(PORT);
    feed.attach(false);
    await vi.waitFor(() => expect(feed.lines.length).toBe(2));
    for (let i = 3; i < MAX_PENDING_EVENTS + 3; i++)
      fake.emit('serial.output', { kind: 'line', port: PORT, seq: i, t: i, text: 'x' });
    expect(feed.lines.length).toBe(MAX_PENDING_EVENTS + 2);
    frames.run();
  });

  it('the hex view fills rows to 16 bytes from chunks that follow closely; a pause starts a row', () => {
    manualFrames();
    const feed = feedOf(PORT);
    const chunk = (seq: number, t: number, hex: string) =>
      feed.receive({ kind: 'chunk', port: PORT, seq, t, hex });
    chunk(1, 1_000, '42414e4e4552'); // "BANNER"
    chunk(2, 1_002, '20'.repeat(12));
    chunk(3, 5_000, '0a');
    chunk(3, 5_000, '0a'); // a repeat after a re-read is ignored
    feed.flush();
    expect(feed.hex.all().map((r) => [r.t, r.text.length / 2])).toEqual([
      [1_000, 16],
      [1_002, 2], // the rest of the second chunk, at its own time
      [5_000, 1],
    ]);
  });

  it('two ports never share a buffer', async () => {
    manualFrames();
    const a = feedOf(PORT);
    const b = feedOf('/dev/ttyUSB0');
    expect(a).not.toBe(b);
    expect(feedOf(PORT)).toBe(a);
    b.receive({ kind: 'line', port: '/dev/ttyUSB0', seq: 1, t: 1, text: 'only b' });
    b.flush();
    expect(texts(b.lines)).toEqual(['only b']);
    expect(a.lines.length).toBe(0);
  });
});

describe('opening a monitor', () => {
  it('a rate picked while the port is still opening is applied after it: the last choice wins', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const order: number[] = [];
    installFakeApi(
      fakeApi({
        'serial.open': async ({ baudRate }) => {
          order.push(baudRate);
          if (order.length === 1) await first; // the port takes its time to open
          return info({ baudRate });
        },
      }),
    );
    const opened = openMonitor(PORT, 9600, 'lf');
    const changed = openMonitor(PORT, 115200, 'lf');
    await vi.waitFor(() => expect(order).toEqual([9600]));
    await new Promise((r) => setTimeout(r, 30));
    expect(order).toEqual([9600]); // the change waits for the opening
    release();
    await Promise.all([opened, changed]);
    expect(order).toEqual([9600, 115200]);
    expect(useSerial.getState().monitors[PORT]?.baudRate).toBe(115200);
  });
});

// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Device, InspectedFrame } from '@contract/schemas';
import { keepAlive, ok, run, streamData } from '@protocol/message';
import { useConnection } from '../api/connection';
import { onlineStatus, testDevice } from '../views/devices/testDevices';
import { fakeApi, installFakeApi, type FakeApi, type FakeHandlers } from '../testing/fakeApi';
import { inspected } from '../model/inspector/testFrames';
import { followDevices, resetDevices, useDevices } from './devices';
import {
  INSPECTOR_BUFFER_FRAMES,
  INSPECTOR_FLUSH_MS,
  INSPECTOR_MAX_FOLLOWED,
  resetInspector,
  setSelection,
  shownFrames,
  startInspector,
  useInspector,
} from './inspector';

const device = (key: string): Device => testDevice(key, onlineStatus(Date.now()));

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

let fake: FakeApi;
let history: Record<string, InspectedFrame[]>;

function start(keys: string[], handlers: FakeHandlers = {}): () => void {
  history = {};
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices: keys.map((k) => device(k)) }),
      'inspector.frames': ({ user, device: d, afterSeq }) => ({
        frames: (history[`${user}/${d}`] ?? []).filter((f) => f.seq > (afterSeq ?? 0)),
        thinned: null,
      }),
      ...handlers,
    }),
  );
  return startInspector();
}

const emit = (key: string, frame: InspectedFrame): void =>
  fake.emit('inspector.follow', frame, (p) => `${p.user}/${p.device}` === key);

beforeEach(() => {
  vi.useFakeTimers();
  resetInspector();
  resetDevices();
});
afterEach(() => {
  resetInspector();
  resetDevices();
  vi.useRealTimers();
});

describe('inspector slice', () => {
  it('follows every known device and appends live frames in batches, at most 10 times a second', async () => {
    start(['site/a', 'site/b']);
    await settle();
    expect(fake.subscriptions('inspector.follow').map((s) => s.params)).toEqual([
      { user: 'site', device: 'a' },
      { user: 'site', device: 'b' },
    ]);
    let commits = 0;
    const stop = useInspector.subscribe((s, prev) => void (s.frames !== prev.frames && commits++));
    // 100 Hz for one second.
    for (let i = 1; i <= 100; i++) {
      emit('site/a', inspected(i, 'in', streamData(3, i)));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    stop();
    expect(useInspector.getState().frames).toHaveLength(100);
    expect(commits).toBeLessThanOrEqual(11);
    expect(commits).toBeGreaterThan(0);
  });

  it('keeps the buffer bounded and says how many frames of which device it dropped', async () => {
    start(['site/a']);
    await settle();
    for (let i = 1; i <= INSPECTOR_BUFFER_FRAMES + 25; i++)
      emit('site/a', inspected(i, 'in', streamData(3, i)));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    const s = useInspector.getState();
    expect(s.frames).toHaveLength(INSPECTOR_BUFFER_FRAMES);
    expect(s.frames[0]!.frame.seq).toBe(26);
    expect(s.feeds['site/a']!.clientDropped).toBe(25);
  });

  it('hides KEEP_ALIVE by default; filters narrow what is shown and exported', async () => {
    start(['site/a', 'site/b']);
    await settle();
    emit('site/a', inspected(1, 'in', keepAlive()));
    emit('site/a', inspected(2, 'out', run(4, 'temp')));
    emit('site/b', inspected(1, 'in', ok(9)));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    expect(useInspector.getState().filter.hiddenTypes).toEqual(['KEEP_ALIVE']);
    expect(shownFrames().map((r) => r.frame.type)).toEqual(['RUN', 'OK']);
    useInspector.getState().toggleType('KEEP_ALIVE');
    expect(shownFrames()).toHaveLength(3);
    setSelection(['site/b']);
    expect(shownFrames().map((r) => r.device)).toEqual(['site/b']);
  });

  it('names the resource of answers and stream data after the request that opened the id', async () => {
    start(['site/a']);
    await settle();
    emit('site/a', inspected(1, 'out', run(4, 'temp')));
    emit('site/a', inspected(2, 'in', ok(4, { payload: 21 })));
    emit('site/a', inspected(3, 'in', streamData(4, 22)));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    expect(useInspector.getState().frames.map((r) => r.resource)).toEqual(['temp', 'temp', 'temp']);
  });

  it('holds frames while paused, counting those the filters would show, and appends them on resume', async () => {
    start(['site/a']);
    await settle();
    emit('site/a', inspected(1, 'out', run(4, 'temp')));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    useInspector.getState().pause('scroll');
    emit('site/a', inspected(2, 'in', ok(4)));
    emit('site/a', inspected(3, 'in', keepAlive()));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    expect(useInspector.getState().frames).toHaveLength(1);
    expect(useInspector.getState().pendingShown).toBe(1);
    useInspector.getState().toggleType('KEEP_ALIVE');
    expect(useInspector.getState().pendingShown).toBe(2);
    // A pause the user asked for outlasts scrolling; resume lifts it.
    useInspector.getState().pause('user');
    useInspector.getState().pause('scroll');
    expect(useInspector.getState().paused).toBe('user');
    useInspector.getState().resume();
    expect(useInspector.getState().frames).toHaveLength(3);
    expect(useInspector.getState().pendingShown).toBe(0);
  });

  it('reads the history first, merges live frames without duplicates, and notices a wrapped ring', async () => {
    const kept = [51, 52, 53].map((seq) => inspected(seq, 'in', keepAlive()));
    let answer: (frames: InspectedFrame[]) => void = () => {};
    start(['site/a'], {
      'inspector.frames': () =>
        new Promise((r) => (answer = (frames) => r({ frames, thinned: null }))),
    });
    await settle();
    // A live frame arrives before the history read answers, which also returns it.
    emit('site/a', kept[2]!);
    answer(kept);
    await settle();
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    const s = useInspector.getState();
    expect(s.frames.map((r) => r.frame.seq)).toEqual([51, 52, 53]);
    expect(s.feeds['site/a']).toMatchObject({ brokerDropped: true, loading: false });
  });

  it("keeps what the broker says it thinned with the device's feed, as of the newest history read, until the list is cleared", async () => {
    let thinned: { count: number; since: number; perSecond: number } | null = null;
    start(['site/a', 'site/b'], {
      'inspector.frames': ({ device: d }) => ({
        frames: [inspected(1, 'in', streamData(3, 1))],
        thinned: d === 'a' ? thinned : null,
      }),
    });
    await settle();
    expect(useInspector.getState().feeds['site/a']!.thinned).toBeNull();
    // The link comes back: the history is read again, and now the device was thinned.
    thinned = { count: 40, since: 1_700_000_000_000, perSecond: 100 };
    useConnection.setState({ link: 'lost' });
    useConnection.setState({ link: 'online' });
    await settle();
    expect(useInspector.getState().feeds['site/a']!.thinned).toEqual(thinned);
    expect(useInspector.getState().feeds['site/b']!.thinned).toBeNull();
    useInspector.getState().clear();
    expect(useInspector.getState().feeds['site/a']!.thinned).toBeNull();
  });

  it('after a lost link reads only the gap, with afterSeq', async () => {
    start(['site/a']);
    await settle();
    emit('site/a', inspected(7, 'in', keepAlive()));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    useConnection.setState({ link: 'lost' });
    history['site/a'] = [7, 8, 9].map((seq) => inspected(seq, 'in', keepAlive()));
    useConnection.setState({ link: 'online' });
    await settle();
    const reads = fake.calls.filter((c) => c.name === 'inspector.frames').map((c) => c.input);
    expect(reads.at(-1)).toEqual({ user: 'site', device: 'a', afterSeq: 7 });
    expect(useInspector.getState().frames.map((r) => r.frame.seq)).toEqual([7, 8, 9]);
    expect(useInspector.getState().feeds['site/a']!.brokerDropped).toBe(false);
  });

  it('shows a failed history read on its device; the live tail keeps running', async () => {
    start(['site/a'], {
      'inspector.frames': () =>
        Promise.reject(Object.assign(new Error('nope'), { code: 'INTERNAL' })),
    });
    await settle();
    expect(useInspector.getState().feeds['site/a']).toMatchObject({ loading: false });
    expect(useInspector.getState().feeds['site/a']!.error).toBeTruthy();
    emit('site/a', inspected(1, 'in', keepAlive()));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    expect(useInspector.getState().frames).toHaveLength(1);
  });

  it(`follows at most ${INSPECTOR_MAX_FOLLOWED} devices for "all", the chosen ones otherwise, and stops on dispose`, async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `site/d${String(i).padStart(2, '0')}`);
    const stop = start(keys);
    await settle();
    expect(fake.subscriptions('inspector.follow')).toHaveLength(INSPECTOR_MAX_FOLLOWED);
    expect(useInspector.getState().capped).toBe(true);
    setSelection(['site/d19']);
    expect(fake.subscriptions('inspector.follow').map((s) => s.params)).toEqual([
      { user: 'site', device: 'd19' },
    ]);
    expect(useInspector.getState().capped).toBe(false);
    stop();
    expect(fake.subscriptions()).toEqual([]);
  });

  it('follows a device that appears while the view is open', async () => {
    start(['site/a']);
    const stopDevices = followDevices();
    await settle();
    fake.emit('devices.presence', {
      user: 'site',
      device: 'new',
      status: device('site/new').status,
    });
    expect(useDevices.getState().keys).toEqual(['site/a', 'site/new']);
    expect(fake.subscriptions('inspector.follow')).toHaveLength(2);
    stopDevices();
  });

  it('clears the list without reading the cleared frames back', async () => {
    start(['site/a']);
    await settle();
    emit('site/a', inspected(1, 'in', keepAlive()));
    vi.advanceTimersByTime(INSPECTOR_FLUSH_MS);
    useInspector.getState().select(useInspector.getState().frames[0]!.id);
    useInspector.getState().clear();
    expect(useInspector.getState()).toMatchObject({ frames: [], selectedId: null });
    history['site/a'] = [inspected(1, 'in', keepAlive())];
    useConnection.setState({ link: 'lost' });
    useConnection.setState({ link: 'online' });
    await settle();
    expect(useInspector.getState().frames).toEqual([]);
  });
});

// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, installFakeApi } from '../testing/fakeApi';
import { BOARDS, boardState, job, port } from '../views/boards/testing';
import { useFlashing } from './flashing';
import {
  applyPortChange,
  followPorts,
  mergeListing,
  presentPorts,
  pruneUnplugged,
  UNPLUGGED_KEEP_MS,
  usePorts,
  type PortRow,
} from './ports';

const rows = (...paths: string[]): PortRow[] =>
  paths.map((p) => ({ ...port(p), pluggedAt: null, unpluggedAt: null }));

afterEach(() => {
  vi.useRealTimers();
  usePorts.setState({ ports: [], listError: null, loadError: null, loaded: false, boards: [] });
  useFlashing.setState({ jobs: [], logs: {} });
});

describe('ports slice: live changes', () => {
  it('a plugged port appears with its arrival time (the highlight), sorted by path', () => {
    const next = applyPortChange(
      rows('/dev/ttyUSB0'),
      {
        kind: 'plugged',
        time: 1,
        port: port('/dev/ttyACM0'),
      },
      5_000,
    );
    expect(next.map((r) => [r.path, r.pluggedAt])).toEqual([
      ['/dev/ttyACM0', 5_000],
      ['/dev/ttyUSB0', null],
    ]);
  });

  it('an unplugged port stays, greyed, for 30 s, longer while a running job refers to it', () => {
    const gone = applyPortChange(
      rows('/dev/ttyACM0', '/dev/ttyUSB0'),
      {
        kind: 'unplugged',
        time: 1,
        port: port('/dev/ttyACM0'),
      },
      10_000,
    );
    expect(gone.find((r) => r.path === '/dev/ttyACM0')?.unpluggedAt).toBe(10_000);
    expect(presentPorts(gone).map((r) => r.path)).toEqual(['/dev/ttyUSB0']);

    expect(pruneUnplugged(gone, 10_000 + UNPLUGGED_KEEP_MS - 1, new Set())).toBe(gone);
    const later = 10_000 + UNPLUGGED_KEEP_MS;
    expect(pruneUnplugged(gone, later, new Set()).map((r) => r.path)).toEqual(['/dev/ttyUSB0']);
    expect(pruneUnplugged(gone, later, new Set(['/dev/ttyACM0']))).toHaveLength(2);
  });

  it('plugged back in, it is present again; a board choice keeps its highlight time', () => {
    const gone = applyPortChange(
      rows('/dev/ttyACM0'),
      { kind: 'unplugged', time: 1, port: port('/dev/ttyACM0') },
      1_000,
    );
    const back = applyPortChange(
      gone,
      { kind: 'plugged', time: 2, port: port('/dev/ttyACM0') },
      2_000,
    );
    expect(back[0]).toMatchObject({ unpluggedAt: null, pluggedAt: 2_000 });
    const chosen = applyPortChange(
      back,
      {
        kind: 'changed',
        time: 3,
        port: port('/dev/ttyACM0', { rememberedBoard: 'mega2560', board: 'mega2560' }),
      },
      3_000,
    );
    expect(chosen[0]).toMatchObject({ board: 'mega2560', pluggedAt: 2_000, unpluggedAt: null });
  });

  it('a fresh listing replaces the present ports and keeps the recently unplugged ones', () => {
    const before = applyPortChange(
      rows('/dev/a', '/dev/b'),
      { kind: 'unplugged', time: 1, port: port('/dev/b') },
      1_000,
    );
    const merged = mergeListing(before, [port('/dev/a', { state: 'monitor' }), port('/dev/c')]);
    expect(merged.map((r) => [r.path, r.state, r.unpluggedAt])).toEqual([
      ['/dev/a', 'monitor', null],
      ['/dev/b', 'free', 1_000],
      ['/dev/c', 'free', null],
    ]);
  });

  it('follows ports.changes once for all callers, and stops when the last one leaves', async () => {
    const fake = installFakeApi(
      fakeApi({
        'ports.list': () => ({ ports: [port('/dev/ttyACM0')], listError: null }),
        'flash.boards': () => ({ boards: BOARDS }),
      }),
    );
    const stopA = followPorts();
    const stopB = followPorts();
    expect(fake.subscriptions('ports.changes')).toHaveLength(1);
    await vi.waitFor(() => expect(usePorts.getState().loaded).toBe(true));
    expect(usePorts.getState().boards.map((b) => b.id)).toEqual(BOARDS.map((b) => b.id));

    fake.emit('ports.changes', {
      kind: 'plugged',
      time: 1,
      port: port('/dev/ttyUSB0', { kind: 'bridge', chip: 'CH340', board: null }),
    });
    expect(usePorts.getState().ports.map((p) => p.path)).toEqual(['/dev/ttyACM0', '/dev/ttyUSB0']);
    fake.emit('ports.changes', {
      kind: 'listing',
      time: 2,
      error: 'Cannot list serial ports: spawn udevadm ENOENT. You can still add a port by path',
    });
    expect(usePorts.getState().listError).toContain('Cannot list serial ports');

    stopA();
    stopA(); // twice is harmless
    expect(fake.subscriptions('ports.changes')).toHaveLength(1);
    stopB();
    expect(fake.subscriptions('ports.changes')).toHaveLength(0);
  });

  it('prunes an unplugged port after 30 s unless a running flash job refers to it', async () => {
    vi.useFakeTimers();
    const fake = installFakeApi(
      fakeApi({
        'ports.list': () => ({ ports: [port('/dev/a'), port('/dev/b')], listError: null }),
        'flash.boards': () => ({ boards: BOARDS }),
      }),
    );
    const stop = followPorts();
    await vi.waitFor(() => expect(usePorts.getState().ports).toHaveLength(2));
    useFlashing.setState({ jobs: [job('1', [boardState('/dev/b')])] });
    fake.emit('ports.changes', { kind: 'unplugged', time: 1, port: port('/dev/a') });
    fake.emit('ports.changes', { kind: 'unplugged', time: 1, port: port('/dev/b') });
    await vi.advanceTimersByTimeAsync(UNPLUGGED_KEEP_MS + 1_000);
    expect(usePorts.getState().ports.map((p) => p.path)).toEqual(['/dev/b']);
    stop();
  });

  it('a failed listing call is kept as loadError, not thrown', async () => {
    installFakeApi(fakeApi());
    await usePorts.getState().refresh();
    expect(usePorts.getState()).toMatchObject({ loaded: true });
    expect(usePorts.getState().loadError).toBeTruthy();
  });
});

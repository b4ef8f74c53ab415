import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BoardMemory } from './BoardMemory';
import type { Database } from 'better-sqlite3';
import { MemoryStore } from '../core/KeyValueStore';
import { openDatabase } from '../store/openDatabase';
import { SettingsStore } from '../store/SettingsStore';
import { SettingsKeyValueStore } from '../store/SettingsKeyValueStore';
import {
  PORT_POLL_MAX_MS,
  PORT_POLL_MIN_MS,
  PortWatcher,
  type PortEvent,
  type PortInfo,
} from './PortWatcher';

const uno: PortInfo = {
  path: '/dev/ttyACM0',
  vendorId: '2341',
  productId: '0043',
  serialNumber: 'A1',
};
const ch340: PortInfo = {
  path: '/dev/ttyUSB0',
  vendorId: '1a86',
  productId: '7523',
  serialNumber: 'C9',
};

afterEach(() => vi.useRealTimers());

describe('PortWatcher', () => {
  test('plugged and unplugged events from successive listings; boards named from VID:PID', async () => {
    let listed: PortInfo[] = [uno];
    const w = new PortWatcher({ list: async () => listed });
    const events: PortEvent[] = [];
    w.on((e) => events.push(e));
    await w.refresh();
    listed = [uno, ch340];
    await w.refresh();
    listed = [ch340];
    await w.refresh();
    expect(events.map((e) => `${e.type} ${'port' in e ? e.port.path : ''}`)).toEqual([
      'plugged /dev/ttyACM0',
      'plugged /dev/ttyUSB0',
      'unplugged /dev/ttyACM0',
    ]);
    expect(w.ports()[0]!.identity).toMatchObject({
      kind: 'bridge',
      name: 'Generic USB-serial (CH340): choose the board',
    });
  });

  test('polls at a bounded interval until the disposer is called', async () => {
    vi.useFakeTimers();
    const list = vi.fn(async () => [uno]);
    expect(new PortWatcher({ list, intervalMs: 1 }).intervalMs).toBe(PORT_POLL_MIN_MS);
    expect(new PortWatcher({ list, intervalMs: 1e9 }).intervalMs).toBe(PORT_POLL_MAX_MS);
    const w = new PortWatcher({ list, intervalMs: 500 });
    const stop = w.start();
    await vi.advanceTimersByTimeAsync(1600);
    expect(list).toHaveBeenCalledTimes(4); // at 0, 500, 1000, 1500
    stop();
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(list).toHaveBeenCalledTimes(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a listing that fails is reported once, and ports added by path still work', async () => {
    const w = new PortWatcher({
      list: async () => {
        throw new Error('spawn udevadm ENOENT');
      },
      exists: (p) => p === '/dev/pts/4',
    });
    const errors: string[] = [];
    w.on((e) => e.type === 'error' && errors.push(e.error.message));
    await w.refresh();
    await w.refresh();
    expect(errors).toEqual([
      'cannot list serial ports: spawn udevadm ENOENT. You can still add a port by path',
    ]);
    const port = await w.addManualPort('/dev/pts/4');
    expect(port).toMatchObject({ manual: true, identity: { kind: 'unknown' } });
    expect(await w.addManualPort('/dev/pts/9')).toBeUndefined(); // not there (yet)
  });

  test('the board chosen for a port is remembered by serial number, wherever it is plugged (SQLite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-serial-'));
    const file = join(dir, 'studio.sqlite');
    const memoryIn = (db: Database) =>
      new BoardMemory(new SettingsKeyValueStore(new SettingsStore(db), 'serial.'));
    try {
      let listed: PortInfo[] = [ch340];
      const first = openDatabase(file).db;
      const w = new PortWatcher({ list: async () => listed, memory: memoryIn(first) });
      await w.refresh();
      await w.chooseBoard('/dev/ttyUSB0', 'nano');
      first.close();
      // Another day, another socket: a new process, a new path, the same serial number.
      listed = [{ ...ch340, path: '/dev/ttyUSB3' }];
      const second = openDatabase(file).db;
      const later = new PortWatcher({ list: async () => listed, memory: memoryIn(second) });
      await later.refresh();
      expect(later.ports()[0]).toMatchObject({ path: '/dev/ttyUSB3', rememberedBoardId: 'nano' });
      const changes: PortEvent[] = [];
      later.on((e) => changes.push(e));
      await later.chooseBoard('/dev/ttyUSB3', null);
      expect(changes).toMatchObject([{ type: 'changed', port: { rememberedBoardId: undefined } }]);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a listing that works again after failing is reported as recovered', async () => {
    let fail = true;
    const w = new PortWatcher({
      list: async () => {
        if (fail) throw new Error('spawn udevadm ENOENT');
        return [uno];
      },
    });
    const events: string[] = [];
    w.on((e) => events.push(e.type));
    expect(w.hasListed).toBe(false);
    await w.refresh();
    expect(w.listError?.code).toBe('LIST_FAILED');
    expect(w.hasListed).toBe(true);
    fail = false;
    await w.refresh();
    expect(w.listError).toBeUndefined();
    expect(events).toEqual(['error', 'recovered', 'plugged']);
  });
});

describe('KeyValueStore', () => {
  test('ports without a serial number are remembered by path', async () => {
    const memory = new BoardMemory(new MemoryStore());
    await memory.remember({ path: '/tmp/vboard/tty' }, 'uno');
    expect(await memory.recall({ path: '/tmp/vboard/tty' })).toBe('uno');
    expect(await memory.recall({ path: '/tmp/other' })).toBeUndefined();
  });
});

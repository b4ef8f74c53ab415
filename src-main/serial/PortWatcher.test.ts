import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BoardMemory } from './BoardMemory';
import { JsonFileStore, MemoryStore } from './KeyValueStore';
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

  test('the board chosen for a port is remembered by serial number, wherever it is plugged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-serial-'));
    try {
      const file = join(dir, 'serial-settings.json');
      let listed: PortInfo[] = [ch340];
      const w = new PortWatcher({
        list: async () => listed,
        memory: new BoardMemory(new JsonFileStore(file)),
      });
      await w.refresh();
      await w.chooseBoard('/dev/ttyUSB0', 'nano');
      // Another day, another socket: a new watcher, a new path, the same serial number.
      listed = [{ ...ch340, path: '/dev/ttyUSB3' }];
      const later = new PortWatcher({
        list: async () => listed,
        memory: new BoardMemory(new JsonFileStore(file)),
      });
      await later.refresh();
      expect(later.ports()[0]).toMatchObject({ path: '/dev/ttyUSB3', rememberedBoardId: 'nano' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KeyValueStore', () => {
  test('JsonFileStore survives a restart and a damaged file reads as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-kv-'));
    try {
      const file = join(dir, 'sub', 'settings.json');
      const a = new JsonFileStore(file);
      await Promise.all([a.set('k1', 'v1'), a.set('k2', 'v2')]);
      await a.delete('k2');
      const b = new JsonFileStore(file);
      expect(await b.get('k1')).toBe('v1');
      expect(await b.get('k2')).toBeUndefined();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, '{ not json');
      expect(await new JsonFileStore(file).get('k1')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ports without a serial number are remembered by path', async () => {
    const memory = new BoardMemory(new MemoryStore());
    await memory.remember({ path: '/tmp/vboard/tty' }, 'uno');
    expect(await memory.recall({ path: '/tmp/vboard/tty' })).toBe('uno');
    expect(await memory.recall({ path: '/tmp/other' })).toBeUndefined();
  });
});

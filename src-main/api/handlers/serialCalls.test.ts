/**
 * The ports, serial and flash calls over a SerialService with in-memory ports (no hardware, no
 * udevadm): what the UI sees, hostile input, bounds, and a graceful stop. The same calls on an
 * emulated board, over the WebSocket API, are in serialFlash.vboard.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  BOARD_IDS,
  MAX_FIRMWARE_TEXT_CHARS,
  MAX_FLASH_TARGETS,
  type FlashJobInfo,
  type MonitorInfo,
  type Port,
  type PortChange,
  type SerialOutput,
} from '../../contract';
import { BOARDS, ESP_BOARDS, MAX_HEX_TEXT_CHARS } from '../../flash/protocol';
import { MAX_BATCH_TARGETS } from '../../flash/jobs/Flasher';
import { buildSerialService } from '../../app/Studio';
import type { SerialService } from '../../services/SerialService';
import type { PortInfo } from '../../serial/PortWatcher';
import { memoryOpener } from '../../serial/testing';
import { MemoryStore, type KeyValueStore } from '../../core/KeyValueStore';
import { ApiServer, type CallHandlers, type TopicSources } from '../ApiServer';
import { flashHandlers } from './flash';
import { portHandlers } from './ports';
import { serialHandlers } from './serial';
import { errorOf } from '../testing';
import { queuedTopic } from '../topicQueue';

const UNO: PortInfo = {
  path: '/dev/ttyACM0',
  vendorId: '2341',
  productId: '0043',
  serialNumber: 'A1',
};
const CH340: PortInfo = { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' };
const HELLO = ':0400000001020304F2\n:00000001FF\n';

const services: SerialService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) {
    await s.stop();
    expect(s.leases.size).toBe(0);
  }
});

function setup(
  listing: () => Promise<PortInfo[]> = async () => [UNO, CH340],
  store: KeyValueStore = new MemoryStore(),
) {
  const present = new Set(['/dev/ttyACM0', '/dev/ttyUSB0', '/dev/pts/4']);
  const opener = memoryOpener((p) => present.has(p));
  const serial = buildSerialService({
    store,
    list: listing,
    exists: (p) => present.has(p),
    open: opener.open,
  });
  services.push(serial);
  const parts = [portHandlers(serial), serialHandlers(serial), flashHandlers(serial)];
  const calls = Object.assign({}, ...parts.map((p) => p.calls)) as Partial<CallHandlers>;
  const topics = Object.assign({}, ...parts.map((p) => p.topics)) as Partial<TopicSources>;
  // Only the serial side is bound here; the broker's calls are tested in streams.test.ts and
  // the API's other tests.
  const api = new ApiServer(calls as CallHandlers, topics as TopicSources, {
    checkResponses: true,
  });
  const collect = <T>(topic: string, params: unknown): T[] => {
    const got: T[] = [];
    api.subscribe(topic, params, (e) => void got.push(e as T));
    return got;
  };
  return { serial, api, opener, present, collect };
}

describe('ports', () => {
  it('names boards from VID:PID, with the board to preselect', async () => {
    const { api } = setup();
    const { ports, listError } = (await api.call('ports.list', {})) as {
      ports: Port[];
      listError: string | null;
    };
    expect(listError).toBeNull();
    expect(ports).toEqual([
      {
        path: '/dev/ttyACM0',
        name: 'Arduino Uno',
        kind: 'arduino',
        chip: null,
        vendorId: '2341',
        productId: '0043',
        vidPid: '2341:0043',
        serialNumber: 'A1',
        manufacturer: null,
        addedByPath: false,
        detectedBoard: 'uno',
        rememberedBoard: null,
        board: 'uno',
        lastBaud: null,
        state: 'free',
      },
      expect.objectContaining({
        name: 'Generic USB-serial (CH340): choose the board',
        kind: 'bridge',
        chip: 'CH340',
        board: null,
      }),
    ]);
    const chosen = (await api.call('ports.chooseBoard', {
      port: '/dev/ttyUSB0',
      board: 'nano',
    })) as {
      port: Port;
    };
    expect(chosen.port).toMatchObject({ rememberedBoard: 'nano', board: 'nano' });
    const forgot = (await api.call('ports.chooseBoard', { port: '/dev/ttyUSB0', board: null })) as {
      port: Port;
    };
    expect(forgot.port).toMatchObject({ rememberedBoard: null, board: null });
  });

  it('a machine that cannot list ports (no udevadm) gets an empty list and a sentence, and ports by path still work', async () => {
    let failing = true;
    const { api, serial, collect } = setup(async () => {
      if (failing) throw new Error('spawn udevadm ENOENT');
      return [UNO];
    });
    const changes = collect<PortChange>('ports.changes', {});
    await expect(api.call('ports.list', {})).resolves.toEqual({
      ports: [],
      listError: 'Cannot list serial ports: spawn udevadm ENOENT. You can still add a port by path',
    });
    const added = (await api.call('ports.addByPath', { port: '/dev/pts/4' })) as { port: Port };
    expect(added.port).toMatchObject({ addedByPath: true, board: null });
    failing = false;
    await serial.watcher.refresh();
    expect(
      changes.map((c) =>
        c.kind === 'listing' ? `listing ${c.error}` : `${c.kind} ${c.port.path}`,
      ),
    ).toEqual([
      'listing Cannot list serial ports: spawn udevadm ENOENT. You can still add a port by path',
      'plugged /dev/pts/4',
      'listing null',
      'plugged /dev/ttyACM0',
    ]);
    await expect(api.call('ports.remove', { port: '/dev/pts/4' })).resolves.toEqual({
      removed: true,
    });
    await expect(api.call('ports.remove', { port: '/dev/ttyACM0' })).resolves.toEqual({
      removed: false,
    });
  });
});

describe('serial monitor', () => {
  it("remembers the baud rate a port's monitor ran at, by serial number, for the next session", async () => {
    const store = new MemoryStore();
    const first = setup(undefined, store);
    const port = '/dev/ttyACM0';
    const listed = async (api: ApiServer): Promise<Port | undefined> =>
      ((await api.call('ports.list', {})) as { ports: Port[] }).ports.find((p) => p.path === port);
    expect((await listed(first.api))?.lastBaud).toBeNull();
    await first.api.call('serial.open', { port, baudRate: 9600 });
    await first.api.call('serial.open', { port, baudRate: 115200 }); // changed in the toolbar
    await first.api.call('serial.close', { port });
    expect((await listed(first.api))?.lastBaud).toBe(115200);
    // Another day: a new process, the same board on another socket.
    const moved = { ...UNO, path: '/dev/ttyACM3' };
    const second = setup(async () => [moved], store);
    const ports = ((await second.api.call('ports.list', {})) as { ports: Port[] }).ports;
    expect(ports.find((p) => p.path === moved.path)?.lastBaud).toBe(115200);
  });

  it('opens with a baud rate and line ending, sends text and hex, pages its buffer, clears', async () => {
    const { api, opener, collect } = setup();
    const port = '/dev/ttyACM0';
    const out = collect<SerialOutput>('serial.output', { port, chunks: true });
    const opened = (await api.call('serial.open', {
      port,
      baudRate: 9600,
      lineEnding: 'crlf',
    })) as MonitorInfo;
    expect(opened).toMatchObject({ status: 'connected', baudRate: 9600, lineEnding: 'crlf' });
    const link = opener.last(port)!;
    await expect(api.call('serial.send', { port, data: 'hi' })).resolves.toEqual({ bytes: 4 });
    await expect(
      api.call('serial.send', { port, data: '48 65,0x6c', mode: 'hex' }),
    ).resolves.toEqual({
      bytes: 3,
    });
    await expect(api.call('serial.send', { port, data: 'x', lineEnding: 'none' })).resolves.toEqual(
      {
        bytes: 1,
      },
    );
    expect(link.written.map((b) => Buffer.from(b).toString('latin1'))).toEqual([
      'hi\r\n',
      'Hel',
      'x',
    ]);
    expect((await errorOf(api.call('serial.send', { port, data: '4', mode: 'hex' }))).code).toBe(
      'BAD_REQUEST',
    );

    link.emit('one\ntwo\nthree\n> ');
    const page1 = (await api.call('serial.buffer', { port, limit: 2 })) as {
      lines: { seq: number; text: string }[];
      more: boolean;
      partial: { text: string } | null;
    };
    expect(page1.lines.map((l) => l.text)).toEqual(['one', 'two']);
    expect(page1.more).toBe(true);
    expect(page1.partial?.text).toBe('> ');
    const page2 = (await api.call('serial.buffer', {
      port,
      afterSeq: page1.lines[1]!.seq,
    })) as typeof page1;
    expect(page2.lines.map((l) => l.text)).toEqual(['three']);
    expect(page2.more).toBe(false);
    const chunks = (await api.call('serial.buffer', { port, view: 'chunks' })) as {
      chunks: { hex: string }[];
      lines: unknown[];
    };
    expect(chunks.chunks[0]!.hex).toBe(Buffer.from('one\ntwo\nthree\n> ').toString('hex'));
    expect(chunks.lines).toEqual([]);

    await expect.poll(() => out.some((e) => e.kind === 'partial')).toBe(true);
    expect(out.map((e) => e.kind)).toEqual([
      'status',
      'status',
      'chunk',
      'line',
      'line',
      'line',
      'partial',
    ]);
    expect(out[0]).toMatchObject({ status: 'closed', message: 'No monitor open' });
    expect(out[1]).toMatchObject({
      status: 'connected',
      message: 'Connected · 9600 8N1',
      baudRate: 9600,
    });

    const cleared = (await api.call('serial.clear', { port })) as MonitorInfo;
    expect(cleared).toMatchObject({ droppedLines: 0, lastLineSeq: 3 });
    expect(out.at(-1)).toEqual({ kind: 'cleared', port });
    expect(((await api.call('serial.buffer', { port })) as typeof page1).lines).toEqual([]);

    link.unplug();
    expect(out.at(-1)).toMatchObject({
      kind: 'status',
      status: 'unplugged',
      message: 'Port unplugged · reopens when it comes back',
      error: { code: 'PORT_LOST' },
    });
    expect(
      ((await api.call('serial.monitors', {})) as { monitors: MonitorInfo[] }).monitors,
    ).toHaveLength(1);
    await expect(api.call('serial.close', { port })).resolves.toEqual({ closed: true });
    await expect(api.call('serial.close', { port })).resolves.toEqual({ closed: false });
    expect((await errorOf(api.call('serial.send', { port, data: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('a port another program holds is a readable error', async () => {
    const { api, serial } = setup();
    const lease = serial.leases.acquire('/dev/ttyACM0', { kind: 'flasher', label: 'the flasher' });
    const e = await errorOf(api.call('serial.open', { port: '/dev/ttyACM0', baudRate: 115200 }));
    expect(e).toMatchObject({ code: 'PORT_BUSY', message: 'Port busy: held by the flasher' });
    const { ports } = (await api.call('ports.list', {})) as { ports: Port[] };
    expect(ports[0]!.state).toBe('flashing');
    lease.release();
  });
});

describe('hostile input', () => {
  it('is refused with a clear error, before any port or file is touched', async () => {
    const { api, opener } = setup();
    const code = async (name: string, input: unknown): Promise<string> =>
      (await errorOf(api.call(name, input))).code;
    const port = '/dev/ttyACM0';
    for (const baudRate of [299, 2_000_001, 9600.5, '9600'])
      expect(await code('serial.open', { port, baudRate })).toBe('BAD_REQUEST');
    expect(await code('serial.open', { port, baudRate: 9600, lineEnding: 'lfcr' })).toBe(
      'BAD_REQUEST',
    );
    expect(await code('serial.open', { port: '/dev/tty\u0000x', baudRate: 9600 })).toBe(
      'BAD_REQUEST',
    );
    expect(await code('serial.open', { port: `/${'x'.repeat(600)}`, baudRate: 9600 })).toBe(
      'BAD_REQUEST',
    );
    expect(await code('serial.open', { port: '/etc/passwd', baudRate: 9600 })).toBe('NOT_FOUND');
    expect(await code('serial.send', { port, data: 'x'.repeat(5000) })).toBe('BAD_REQUEST');
    expect(await code('ports.chooseBoard', { port, board: 'leonardo' })).toBe('BAD_REQUEST');
    expect(await code('ports.chooseBoard', { port: '/dev/ttyS9', board: 'uno' })).toBe('NOT_FOUND');
    expect(await code('ports.addByPath', { port: '/dev/ttyS9' })).toBe('NOT_FOUND');
    expect(await code('serial.buffer', { port, limit: 100_000 })).toBe('BAD_REQUEST');

    const target = { port, board: 'uno' };
    expect(await code('flash.inspectFirmware', { hex: '' })).toBe('BAD_REQUEST');
    const huge = await errorOf(
      api.call('flash.inspectFirmware', { hex: 'x'.repeat(MAX_FIRMWARE_TEXT_CHARS + 1) }),
    );
    expect(huge.message).toContain('too large to be an Arduino image');
    const empty = await errorOf(api.call('flash.inspectFirmware', { hex: ':00000001FF\n' }));
    expect(empty).toMatchObject({ code: 'FIRMWARE_INVALID', detail: { code: 'HEX_EMPTY' } });
    const notHex = await errorOf(api.call('flash.inspectFirmware', { hex: 'hello\nworld\n' }));
    expect(notHex.code).toBe('FIRMWARE_INVALID');
    const many = Array.from({ length: MAX_FLASH_TARGETS + 1 }, (_, i) => ({
      port: `/dev/ttyX${i}`,
      board: 'uno',
    }));
    expect(await code('flash.start', { hex: HELLO, targets: many })).toBe('BAD_REQUEST');
    expect(await code('flash.start', { hex: HELLO, targets: [] })).toBe('BAD_REQUEST');
    const twice = await errorOf(api.call('flash.start', { hex: HELLO, targets: [target, target] }));
    expect(twice.message).toContain('each port at most once');
    expect(
      await code('flash.start', { hex: HELLO, targets: [target], backupDir: 'relative/dir' }),
    ).toBe('BAD_REQUEST');
    expect(
      await code('flash.start', {
        hex: HELLO,
        targets: [target],
        backupDir: '/nonexistent/iotmp-backups',
      }),
    ).toBe('BAD_REQUEST');
    expect(await code('flash.start', { hex: HELLO, targets: [{ port, board: 'esp32' }] })).toBe(
      'BAD_REQUEST',
    );
    expect(await code('flash.cancel', { jobId: 'job-99' })).toBe('NOT_FOUND');
    expect(await code('flash.jobs', { jobId: 'job-99' })).toBe('NOT_FOUND');
    expect(() => api.subscribe('flash.progress', { jobId: 'job-99' }, () => {})).toThrow(
      'no flash job job-99',
    );
    expect(() => api.subscribe('serial.output', { port, extra: 1 }, () => {})).toThrow(ApiError);
    expect(opener.links).toHaveLength(0);
  });
});

describe('flash jobs', () => {
  it('stopping the service cancels a running job and gives its port back', async () => {
    const { api, serial, collect } = setup();
    const events = collect<{ kind: string }>('flash.progress', {});
    const fit = (await api.call('flash.inspectFirmware', { hex: HELLO, name: 'tiny.hex' })) as {
      sizeBytes: number;
      fits: { board: string; text: string }[];
    };
    expect(fit.sizeBytes).toBe(4);
    expect(fit.fits.find((f) => f.board === 'uno')?.text).toBe('4 of 32 256 bytes');
    const { job } = (await api.call('flash.start', {
      hex: HELLO,
      name: 'tiny.hex',
      targets: [{ port: '/dev/ttyACM0', board: 'uno' }],
    })) as { job: FlashJobInfo };
    expect(job).toMatchObject({
      running: true,
      summary: { total: 1, running: 1, text: 'Flashing 1 of 1' },
    });
    const { ports } = (await api.call('ports.list', {})) as { ports: Port[] };
    expect(ports[0]!.state).toBe('flashing');
    await serial.stop();
    expect(serial.leases.size).toBe(0);
    const { jobs } = (await api.call('flash.jobs', {})) as { jobs: FlashJobInfo[] };
    expect(jobs[0]).toMatchObject({ running: false, summary: { cancelled: 1 } });
    expect(jobs[0]!.boards[0]!.result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(events[0]).toMatchObject({ kind: 'job' });
  });
});

describe('the contract and the services agree', () => {
  it('on board ids and bounds', () => {
    expect([...BOARD_IDS].sort()).toEqual(
      [...Object.keys(BOARDS), ...Object.keys(ESP_BOARDS)].sort(),
    );
    expect(MAX_FIRMWARE_TEXT_CHARS).toBe(MAX_HEX_TEXT_CHARS);
    expect(MAX_FLASH_TARGETS).toBe(MAX_BATCH_TARGETS);
  });
});

describe('queuedTopic', () => {
  it('holds events while the reader is busy, bounded, and says how many it dropped', () => {
    const got: string[] = [];
    let busy = true;
    const q = queuedTopic<string>(
      (e) => {
        got.push(e);
        return !busy;
      },
      2,
      (n) => `gap ${n}`,
    );
    q.push('a'); // refused (busy, not taken): it waits, and nothing more is offered
    for (const e of ['b', 'c', 'd', 'e']) q.push(e);
    expect(got).toEqual(['a']);
    busy = false;
    q.resume();
    // Each event is taken once: a, b, c were dropped (oldest first), d and e delivered.
    expect(got).toEqual(['a', 'gap 3', 'd', 'e']);
    q.push('f');
    expect(got.at(-1)).toBe('f');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  MONITOR_MAX_LINES,
  MONITOR_PARTIAL_MS,
  MONITOR_REOPEN_MS,
  SerialMonitor,
  type MonitorEvent,
} from './SerialMonitor';
import { PortLeases } from './SerialPortLease';
import { memoryOpener } from './testing';

afterEach(() => vi.useRealTimers());

function setup(present: (p: string) => boolean = () => true) {
  const leases = new PortLeases((p) => p);
  const opener = memoryOpener(present);
  let now = 1_700_000_000_000;
  const monitor = new SerialMonitor({ leases, open: opener.open, clock: () => now++ });
  return { leases, opener, monitor };
}

describe('SerialMonitor', () => {
  test('timestamped chunks and lines; CRLF and split lines are joined; a partial line waits', async () => {
    const { monitor, opener } = setup();
    const s = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
    const link = opener.last('/dev/ttyACM0')!;
    link.emit('BANNER fw=hel');
    link.emit('lo\r\nsecond\nprompt> ');
    expect(s.lines().map((l) => l.text)).toEqual(['BANNER fw=hello', 'second']);
    expect(s.lines()[0]!.t).toBeLessThan(s.lines()[1]!.t);
    expect(s.partialLine).toBe('prompt> ');
    expect(s.chunks()).toHaveLength(2);
    expect(s.status).toBe('connected');
    await monitor.closeAll();
  });

  test('send appends the chosen line ending; baud and ending can change', async () => {
    const { monitor, opener } = setup();
    const s = await monitor.open('/dev/ttyACM0', { baudRate: 9600, lineEnding: 'crlf' });
    await s.send('ping');
    s.setLineEnding('none');
    await s.send('x');
    await s.setBaudRate(115200);
    const link = opener.last('/dev/ttyACM0')!;
    expect(link.written.map((b) => new TextDecoder().decode(b))).toEqual(['ping\r\n', 'x']);
    expect(link.baudRate).toBe(115200);
    // The status says the new rate (watchers get it as an event after the opening's).
    expect(s.statusMessage).toBe('Connected · 115200 8N1');
    await s.close();
  });

  test('the buffer is bounded: old lines go and are counted', async () => {
    const { monitor, opener } = setup();
    const s = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
    const link = opener.last('/dev/ttyACM0')!;
    const text = Array.from({ length: MONITOR_MAX_LINES + 50 }, (_, i) => `line ${i}\n`).join('');
    link.emit(text);
    expect(s.lines()).toHaveLength(MONITOR_MAX_LINES);
    expect(s.lines()[0]!.text).toBe('line 50');
    expect(s.droppedLines).toBe(50);
    s.clear();
    expect(s.lines()).toHaveLength(0);
    expect(s.chunks()).toHaveLength(0);
    await s.close();
  });

  test('several ports at once, no cross-talk', async () => {
    const { monitor, opener } = setup();
    const a = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
    const b = await monitor.open('/dev/ttyUSB0', { baudRate: 9600 });
    opener.last('/dev/ttyACM0')!.emit('from A\n');
    opener.last('/dev/ttyUSB0')!.emit('from B\n');
    await b.send('to B');
    expect(a.lines().map((l) => l.text)).toEqual(['from A']);
    expect(b.lines().map((l) => l.text)).toEqual(['from B']);
    expect(opener.last('/dev/ttyACM0')!.written).toHaveLength(0);
    await monitor.closeAll();
  });

  test('save to a file as text with timestamps, or as hex', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-monitor-'));
    try {
      const { monitor, opener } = setup();
      const s = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
      opener.last('/dev/ttyACM0')!.emit('ok\r\n>');
      await s.saveTo(join(dir, 'log.txt'));
      await s.saveTo(join(dir, 'stamped.txt'), { timestamps: true });
      await s.saveTo(join(dir, 'log.hex'), { view: 'hex' });
      expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('ok\n>\n');
      expect(readFileSync(join(dir, 'stamped.txt'), 'utf8')).toMatch(/^2023-11-\d\dT[\d:.]+Z ok\n/);
      expect(readFileSync(join(dir, 'log.hex'), 'utf8')).toBe('6f 6b 0d 0a 3e\n');
      await expect(s.saveTo(join(dir, 'missing', 'x.txt'))).rejects.toMatchObject({
        code: 'FILE_ERROR',
      });
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unplugged cable is a status, and the port reopens when it is back', async () => {
    vi.useFakeTimers();
    let present = true;
    const { monitor, opener, leases } = setup(() => present);
    const s = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
    const statuses: string[] = [];
    s.onStatus((e) => statuses.push(e.status));
    present = false;
    opener.last('/dev/ttyACM0')!.unplug();
    expect(s.status).toBe('unplugged');
    await vi.advanceTimersByTimeAsync(MONITOR_REOPEN_MS * 3);
    expect(s.status).toBe('unplugged');
    present = true;
    await vi.advanceTimersByTimeAsync(MONITOR_REOPEN_MS);
    expect(s.status).toBe('connected');
    expect(statuses[0]).toBe('unplugged');
    expect(statuses.at(-1)).toBe('connected');
    expect(leases.holderOf('/dev/ttyACM0')).toBe(s);
    await s.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(leases.size).toBe(0);
  });

  test('the flasher takes the port: the monitor pauses, refuses to send, and resumes after', async () => {
    const { monitor, opener, leases } = setup();
    const s = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
    const lease = await leases.takeOver('/dev/ttyACM0', { kind: 'flasher', label: 'the flasher' });
    expect(s.status).toBe('paused');
    expect(opener.links[0]!.isOpen).toBe(false);
    await expect(s.send('x')).rejects.toMatchObject({ code: 'PORT_CLOSED' });
    lease.release();
    await vi.waitFor(() => expect(s.status).toBe('connected'));
    expect(opener.links).toHaveLength(2);
    await s.close();
    expect(leases.size).toBe(0);
  });

  test('a port held by the flasher cannot be monitored: "port busy: held by the flasher"', async () => {
    const { monitor, leases } = setup();
    leases.acquire('/dev/ttyACM0', { kind: 'flasher', label: 'the flasher' });
    await expect(monitor.open('/dev/ttyACM0', { baudRate: 115200 })).rejects.toThrow(
      'port busy: held by the flasher',
    );
    expect(monitor.list()).toHaveLength(0);
  });

  test("watch: one port's events across closing and reopening; a prompt shows after 100 ms of silence", async () => {
    vi.useFakeTimers();
    const { monitor, opener } = setup();
    const seen: string[] = [];
    const describe = (e: MonitorEvent): string =>
      e.type === 'line'
        ? `line ${e.line.seq} ${e.line.text}`
        : e.type === 'chunk'
          ? `chunk ${e.chunk.seq}`
          : e.type === 'partial'
            ? `partial ${e.text}`
            : e.type === 'status'
              ? `status ${e.status}`
              : e.type;
    const stop = monitor.watch('/dev/ttyACM0', (e) => seen.push(describe(e)));
    monitor.watch('/dev/ttyUSB0', (e) => seen.push(`other ${e.type}`));
    const s = await monitor.open('/dev/ttyACM0', { baudRate: 115200 });
    opener.last('/dev/ttyACM0')!.emit('a\nprompt> ');
    expect(seen.at(-1)).toBe('line 1 a');
    await vi.advanceTimersByTimeAsync(MONITOR_PARTIAL_MS);
    expect(seen.at(-1)).toBe('partial prompt> ');
    expect(s.lastChunkSeq).toBe(1);
    s.clear();
    await s.close();
    await monitor.open('/dev/ttyACM0', { baudRate: 9600 });
    stop();
    opener.last('/dev/ttyACM0')!.emit('unseen\n');
    expect(seen).toEqual([
      'status connected',
      'chunk 1',
      'line 1 a',
      'partial prompt> ',
      'cleared',
      'status closed',
      'status connected',
    ]);
    await monitor.closeAll();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('two opens of one port at once share one session', async () => {
    const { monitor, opener } = setup();
    const [a, b] = await Promise.all([
      monitor.open('/dev/ttyACM0', { baudRate: 115200 }),
      monitor.open('/dev/ttyACM0', { baudRate: 115200 }),
    ]);
    expect(a).toBe(b);
    expect(opener.links).toHaveLength(1);
    await monitor.closeAll();
  });
});

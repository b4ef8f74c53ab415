/**
 * Serial ports, the monitor and flashing through the API as the web console uses them: the app's
 * composition root (Studio: SQLite settings, the port watcher polling), the HTTP/WebSocket API
 * with the token, and an emulated Uno running the real Optiboot (../shared/tools/virtual-board).
 * Boards run with --spm-us 0 (instant page writes) to keep it short.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_FIRMWARE_TEXT_CHARS,
  type FirmwareInfo,
  type FlashEvent,
  type FlashJobInfo,
  type MonitorInfo,
  type Port,
  type PortChange,
  type SerialOutput,
} from '../contract';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  vboardMissing,
  type VirtualBoard,
} from '../flash/testing/vboard';
import { Studio } from '../app/Studio';
import { startApiHttp, type ApiHttp } from './http';
import { errorOf } from './testing';
import { connectContractSocket, type ContractSocket } from './testingWs';

const TOKEN = 'serial-suite-token-0123456789';
/** Optiboot waits ~1 s before the application starts; generous for a loaded CI host. */
const BANNER_MS = 8000;
const hexOf = (name: 'hello' | 'hello-v2' | 'big'): string =>
  readFileSync(firmwarePath('uno', name), 'utf8');

/** Resolves with the first event (from index `from` on) that `match` accepts, within `ms`. */
function waitFor<T>(events: T[], match: (e: T) => boolean, ms: number, from = 0): Promise<T> {
  const find = (): T | undefined => events.slice(from).find(match);
  return expect
    .poll(find, { timeout: ms, interval: 50 })
    .toBeTruthy()
    .then(() => find()!);
}

// Skipped only where the virtual board's Debian packages are absent (vboardMissing names them);
// CI and `npm test` install them.
describe.skipIf(vboardMissing())(
  'serial and flashing through the API (virtual Uno)',
  { timeout: 60_000 },
  () => {
    let board: VirtualBoard;
    let dir: string;
    let studio: Studio;
    let http: ApiHttp;
    let ws: ContractSocket;
    const portChanges: PortChange[] = [];
    const flashEvents: FlashEvent[] = [];
    const output: SerialOutput[] = [];

    beforeAll(async () => {
      board = await startBoard('uno', { spmUs: 0 });
      dir = mkdtempSync(join(tmpdir(), 'iotmp-serial-api-'));
      studio = await Studio.start({
        dataDir: dir,
        listeners: { tcp: null, tcpLegacy: null, tls: null, wss: null, ws: null },
      });
      http = await startApiHttp({
        api: studio.api({ checkResponses: true }),
        token: TOKEN,
        port: 0,
      });
      ws = await connectContractSocket(http.url, TOKEN);
      await ws.subscribe('ports.changes', {}, (e) => portChanges.push(e as PortChange));
      await ws.subscribe('flash.progress', {}, (e) => flashEvents.push(e as FlashEvent));
    });

    afterAll(async () => {
      ws?.close();
      await http?.close();
      await studio?.stop();
      // Graceful stop: every port given back, whatever the tests left open.
      expect(studio?.serial.leases.size ?? 0).toBe(0);
      await stopBoards(board);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const flash = async (name: 'hello' | 'hello-v2' | 'big'): Promise<FlashJobInfo> =>
      (
        (await ws.call('flash.start', {
          hex: hexOf(name),
          name: `${name}.hex`,
          targets: [{ port: board.port, board: 'uno' }],
        })) as { job: FlashJobInfo }
      ).job;
    const finished = (id: string): Promise<FlashEvent> =>
      waitFor(flashEvents, (e) => e.kind === 'job' && e.job.id === id && !e.job.running, 30_000);

    it('a port added by path is listed; the board chosen for it is remembered in SQLite', async () => {
      const { port } = (await ws.call('ports.addByPath', { port: board.port })) as { port: Port };
      expect(port).toMatchObject({
        path: board.port,
        addedByPath: true,
        name: 'Port added by path: choose the board',
        kind: 'unknown',
        vidPid: null,
        board: null,
        state: 'free',
      });
      const chosen = (await ws.call('ports.chooseBoard', { port: board.port, board: 'uno' })) as {
        port: Port;
      };
      expect(chosen.port).toMatchObject({ rememberedBoard: 'uno', board: 'uno' });
      const { ports } = (await ws.call('ports.list', {})) as { ports: Port[] };
      expect(ports.find((p) => p.path === board.port)).toMatchObject({ rememberedBoard: 'uno' });
      expect(studio.broker.settings.get(`serial.board:path:${board.port}`, null)).toBe('uno');
      await waitFor(
        portChanges,
        (e) =>
          e.kind === 'changed' && e.port.path === board.port && e.port.rememberedBoard === 'uno',
        2000,
      );
    });

    it('flash.inspectFirmware gives size, SHA-256, the chip it was built for and the fit per board; a damaged file names its line', async () => {
      const big = hexOf('big');
      const info = (await ws.call('flash.inspectFirmware', {
        hex: big,
        name: 'big.hex',
      })) as FirmwareInfo;
      expect(info).toMatchObject({ name: 'big.hex', sizeBytes: 25326, startAddress: 0 });
      expect(info.sha256).toBe(createHash('sha256').update(big).digest('hex'));
      expect(info.fits.find((f) => f.board === 'uno')).toMatchObject({
        fits: true,
        text: '25 326 of 32 256 bytes',
      });
      expect(info.target).toMatchObject({ chip: 'atmega328p', source: 'avr-vector-table' });
      expect(info.fits.find((f) => f.board === 'nano')?.fits).toBe(true);
      expect(info.fits.find((f) => f.board === 'mega2560')).toMatchObject({
        fits: false,
        wrongChip: true,
        text: 'built for ATmega328P (Uno, Nano), the Arduino Mega 2560 has an ATmega2560',
      });

      const lines = hexOf('hello').split('\r\n');
      lines[2] = lines[2]!.slice(0, -2) + '00'; // a wrong checksum on line 3
      const e = await errorOf(ws.call('flash.inspectFirmware', { hex: lines.join('\r\n') }));
      expect(e.code).toBe('FIRMWARE_INVALID');
      expect(e.message).toBe(
        'The firmware file is damaged: line 3 has a bad checksum. Nothing was written',
      );
      expect(e.detail).toMatchObject({ code: 'HEX_INVALID', line: 3 });
      // Refused by flash.start too, before any port is touched.
      const again = await errorOf(
        ws.call('flash.start', {
          hex: lines.join('\r\n'),
          targets: [{ port: board.port, board: 'uno' }],
        }),
      );
      expect(again.code).toBe('FIRMWARE_INVALID');
    });

    it('flash.start writes and verifies hello.hex; flash.progress goes through the phases to Done', async () => {
      const job = await flash('hello');
      expect(job).toMatchObject({ running: true, verify: true, firmware: { name: 'hello.hex' } });
      expect(job.boards[0]).toMatchObject({ port: board.port, board: 'uno', result: null });
      const end = await finished(job.id);
      const phases = flashEvents
        .filter((e) => e.kind === 'progress' && e.jobId === job.id)
        .map((e) => (e as { phase: string }).phase)
        .filter((p, i, all) => p !== all[i - 1]);
      expect(phases).toEqual(['resetting', 'syncing', 'checking', 'writing', 'verifying', 'done']);
      const result = flashEvents.find((e) => e.kind === 'result' && e.jobId === job.id);
      expect(result).toMatchObject({
        result: { ok: true, verified: true, dataBytes: 284, signature: '1e950f' },
      });
      if (result?.kind === 'result' && result.result.ok)
        expect(result.result.summary).toMatch(/^Verified · 284 bytes in \d+\.\d s$/);
      expect(end).toMatchObject({
        job: {
          summary: { verified: 1, failed: 0, text: '1 verified' },
          boards: [{ percent: 100 }],
        },
      });
      expect(flashEvents.some((e) => e.kind === 'log' && e.jobId === job.id)).toBe(true);
      const { jobs } = (await ws.call('flash.jobs', { jobId: job.id, log: true })) as {
        jobs: FlashJobInfo[];
      };
      expect(jobs[0]!.boards[0]!.log!.at(-1)).toMatch(/^verified: 284 bytes/);
    });

    it('serial.open shows the banner version=1.0.0 on serial.output; serial.buffer keeps it for a late viewer', async () => {
      await ws.subscribe('serial.output', { port: board.port }, (e) =>
        output.push(e as SerialOutput),
      );
      expect(output[0]).toMatchObject({ kind: 'status', status: 'closed' });
      const opened = (await ws.call('serial.open', {
        port: board.port,
        baudRate: 115200,
      })) as MonitorInfo;
      expect(opened).toMatchObject({ status: 'connected', message: 'Connected · 115200 8N1' });
      const banner = await waitFor(
        output,
        (e) => e.kind === 'line' && e.text.startsWith('BANNER '),
        BANNER_MS,
      );
      expect(banner).toMatchObject({ text: 'BANNER fw=hello version=1.0.0 mcu=atmega328p' });
      if (banner.kind === 'line') expect(banner.t).toBeGreaterThan(Date.now() - 60_000);

      const buffer = (await ws.call('serial.buffer', { port: board.port })) as {
        lines: { text: string }[];
        more: boolean;
      };
      expect(buffer.lines.map((l) => l.text)).toContain(
        'BANNER fw=hello version=1.0.0 mcu=atmega328p',
      );
      expect(buffer.more).toBe(false);

      await expect(ws.call('serial.send', { port: board.port, data: 'ping' })).resolves.toEqual({
        bytes: 5,
      });
      await waitFor(output, (e) => e.kind === 'line' && e.text === 'ping', 3000);
      const { ports } = (await ws.call('ports.list', {})) as { ports: Port[] };
      expect(ports.find((p) => p.path === board.port)?.state).toBe('monitor');
    });

    it('flashing with the monitor open pauses it; it resumes by itself and shows version=2.0.0', async () => {
      const from = output.length;
      const job = await flash('hello-v2');
      await waitFor(
        portChanges,
        (e) => e.kind === 'changed' && e.port.path === board.port && e.port.state === 'flashing',
        2000,
      );
      await finished(job.id);
      await waitFor(
        output,
        (e) => e.kind === 'line' && e.text.includes('version=2.0.0'),
        BANNER_MS,
        from,
      );
      const statuses = output
        .slice(from)
        .filter((e) => e.kind === 'status')
        .map((e) => (e as { status: string }).status);
      expect(statuses).toEqual(['paused', 'opening', 'connected']);
      expect(output.slice(from).find((e) => e.kind === 'status')).toMatchObject({
        message: 'Paused for flashing · resumes by itself',
      });
      // A marker where the flash happened; an AVR keeps the rate the technician chose.
      const lines = output.slice(from).filter((e) => e.kind === 'line') as { text: string }[];
      expect(lines.some((l) => /^— flashed .+ at \d\d:\d\d:\d\d —$/.test(l.text))).toBe(true);
      await ws.call('serial.close', { port: board.port });
    });

    it('while the flasher holds the port: "Port busy: held by the flasher"; a cancelled write says what it leaves', async () => {
      const job = await flash('big');
      const busy = await errorOf(ws.call('serial.open', { port: board.port, baudRate: 115200 }));
      expect(busy).toMatchObject({ code: 'PORT_BUSY', message: 'Port busy: held by the flasher' });
      expect((await errorOf(flash('hello'))).code).toBe('PORT_BUSY');

      await waitFor(
        flashEvents,
        (e) => e.kind === 'progress' && e.jobId === job.id && e.phase === 'writing',
        15_000,
      );
      await expect(ws.call('flash.cancel', { jobId: job.id })).resolves.toEqual({ cancelled: 1 });
      const end = await finished(job.id);
      expect(end).toMatchObject({ job: { summary: { cancelled: 1, text: '1 cancelled' } } });
      const result = end.kind === 'job' ? end.job.boards[0]!.result : null;
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'CANCELLED',
          message:
            "Cancelled during writing: the board's firmware is incomplete; flash it again before use",
        },
      });
    });

    it('hostile input gets a clear error and changes nothing', async () => {
      const code = async (name: string, input: unknown): Promise<string> =>
        (await errorOf(ws.call(name, input))).code;
      expect(await code('serial.open', { port: board.port, baudRate: 299 })).toBe('BAD_REQUEST');
      expect(await code('serial.open', { port: board.port, baudRate: 2_000_001 })).toBe(
        'BAD_REQUEST',
      );
      expect(await code('serial.open', { port: '/dev/ttyNOPE9', baudRate: 9600 })).toBe(
        'NOT_FOUND',
      );
      expect(await code('ports.addByPath', { port: '/dev/ttyNOPE9' })).toBe('NOT_FOUND');
      const huge = await errorOf(
        ws.call('flash.inspectFirmware', { hex: ':'.repeat(MAX_FIRMWARE_TEXT_CHARS + 1) }),
      );
      expect(huge.code).toBe('BAD_REQUEST');
      expect(huge.message).toContain('too large to be an Arduino image');
      expect(
        await code('flash.start', {
          hex: hexOf('hello'),
          targets: [{ port: '/dev/ttyNOPE9', board: 'uno' }],
        }),
      ).toBe('NOT_FOUND');
      // The socket is still usable after all that.
      const { ports } = (await ws.call('ports.list', {})) as { ports: Port[] };
      expect(ports.find((p) => p.path === board.port)?.state).toBe('free');
    });
  },
);

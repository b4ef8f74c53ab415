/**
 * The contract's `ports.*`, `serial.*` and `flash.*` calls and their topics, bound to one
 * SerialService. Inputs arrive validated by ApiServer; a port must be one the watcher lists (or
 * one added by path), so no call opens an arbitrary file of the machine as a serial port.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  ApiError,
  ApiErrorCode,
  type FlashEvent,
  type PortChange,
  type SerialOutput,
} from '../contract';
import { BOARDS, boardById, parseFirmware } from '../flash/protocol';
import type { FlashTarget } from '../flash/jobs/FlashJob';
import { LINE_ENDINGS, type MonitorSession } from '../serial/SerialMonitor';
import type { DetectedPort } from '../serial/PortWatcher';
import type { SerialService } from '../app/SerialService';
import type { CallHandlers, TopicSources } from './ApiServer';
import {
  boardProfileView,
  fitView,
  jobView,
  monitorView,
  portView,
  problemView,
  progressView,
  resultView,
  targetView,
} from './serialViews';
import {
  FLASH_PROGRESS_QUEUE,
  PORT_CHANGES_QUEUE,
  queuedTopic,
  SERIAL_OUTPUT_QUEUE,
} from './topicQueue';
import { sha256 } from '../util/sha256';

/** Characters of line text (or hex of chunks) one serial.buffer answer carries at most. */
export const SERIAL_BUFFER_PAGE_CHARS = 1024 * 1024;
/** Lines (or chunks) one serial.buffer answer carries when the caller sets no limit. */
export const SERIAL_BUFFER_DEFAULT_LIMIT = 2000;

type SerialCalls = Pick<
  CallHandlers,
  Extract<keyof CallHandlers, `ports.${string}` | `serial.${string}` | `flash.${string}`>
>;
type SerialTopics = Pick<TopicSources, 'ports.changes' | 'serial.output' | 'flash.progress'>;

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** "48 65 6c", "48656c", "0x48,0x65": pairs of hex digits, separators ignored. */
function parseHexBytes(text: string): Uint8Array {
  const digits = text.replace(/0x/gi, '').replace(/[\s,:]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits))
    throw new ApiError(
      ApiErrorCode.BAD_REQUEST,
      'serial.send: data: hex mode takes pairs of hex digits, e.g. "48 65 6c"',
    );
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/** The folder backups go to: absolute, existing, writable on this machine. */
function checkBackupDir(dir: string): void {
  const refuse = (why: string): never => {
    throw new ApiError(ApiErrorCode.BAD_REQUEST, `backup folder ${dir} ${why}`);
  };
  if (!isAbsolute(dir)) refuse('must be an absolute path on the machine running IoTMP Studio');
  try {
    if (!statSync(dir).isDirectory()) refuse('is not a folder');
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    refuse(`cannot be written: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function createSerialHandlers(serial: SerialService): {
  calls: SerialCalls;
  topics: SerialTopics;
} {
  const { watcher, monitor, jobs } = serial;
  const view = (p: DetectedPort) => portView(p, serial.holderOf(p.path));

  /** A port the watcher lists (after its first listing), or NOT_FOUND. */
  const listed = async (path: string): Promise<DetectedPort> => {
    await serial.ports();
    const p = watcher.port(path);
    if (!p)
      throw new ApiError(
        ApiErrorCode.NOT_FOUND,
        `no port ${path}: pick one from the list, or add it by path`,
      );
    return p;
  };
  const session = (path: string): MonitorSession => {
    const s = monitor.get(path);
    if (!s || s.status === 'closed')
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no serial monitor is open on ${path}`);
    return s;
  };
  const job = (id: string) => {
    const j = jobs.get(id);
    if (!j) throw new ApiError(ApiErrorCode.NOT_FOUND, `no flash job ${id}`);
    return j;
  };

  const calls: SerialCalls = {
    'ports.list': async () => ({
      ports: (await serial.ports()).map(view),
      listError: serial.listError,
    }),
    'ports.addByPath': async ({ port }) => {
      const added = await watcher.addManualPort(port);
      if (!added) {
        await watcher.removeManualPort(port);
        throw new ApiError(
          ApiErrorCode.NOT_FOUND,
          `no port at ${port}: check the path (a pseudo-terminal exists only while its program runs)`,
        );
      }
      return { port: view(added) };
    },
    'ports.remove': async ({ port }) => ({ removed: await watcher.removeManualPort(port) }),
    'ports.chooseBoard': async ({ port, board }) => {
      await listed(port);
      await watcher.chooseBoard(port, board);
      return { port: view(watcher.port(port)!) };
    },

    'serial.open': async ({ port, baudRate, lineEnding }) => {
      // A monitor already open stays reachable while its port is unplugged.
      if (!monitor.get(port)) await listed(port);
      const s = await monitor.open(port, { baudRate, ...(lineEnding ? { lineEnding } : {}) });
      if (s.baudRate !== baudRate) await s.setBaudRate(baudRate);
      if (lineEnding && s.lineEnding !== lineEnding) s.setLineEnding(lineEnding);
      serial.changed(port);
      return monitorView(s);
    },
    'serial.close': async ({ port }) => {
      const s = monitor.get(port);
      if (!s || s.status === 'closed') return { closed: false };
      await s.close();
      serial.changed(port);
      return { closed: true };
    },
    'serial.monitors': () => ({
      monitors: monitor
        .list()
        .filter((s) => s.status !== 'closed')
        .map(monitorView),
    }),
    'serial.send': async ({ port, data, mode, lineEnding }) => {
      const s = session(port);
      if (s.status === 'paused')
        throw new ApiError(
          ApiErrorCode.PORT_BUSY,
          'Port busy: held by the flasher; nothing was sent (the monitor resumes by itself)',
        );
      const ending = LINE_ENDINGS[lineEnding ?? (mode === 'hex' ? 'none' : s.lineEnding)];
      const body = mode === 'hex' ? parseHexBytes(data) : new TextEncoder().encode(data);
      const tail = new TextEncoder().encode(ending);
      const bytes = new Uint8Array(body.length + tail.length);
      bytes.set(body);
      bytes.set(tail, body.length);
      if (bytes.length > 0) await s.sendBytes(bytes);
      return { bytes: bytes.length };
    },
    'serial.clear': ({ port }) => {
      const s = session(port);
      s.clear();
      return monitorView(s);
    },
    'serial.buffer': ({ port, view: which, afterSeq, limit }) => {
      const s = session(port);
      const after = afterSeq ?? 0;
      const max = limit ?? SERIAL_BUFFER_DEFAULT_LIMIT;
      let chars = 0;
      let more = false;
      const page = <T extends { seq: number }, U>(
        items: readonly T[],
        map: (x: T) => U,
        size: (u: U) => number,
      ): U[] => {
        const out: U[] = [];
        for (const item of items) {
          if (item.seq <= after) continue;
          const u = map(item);
          if (out.length >= max || (out.length > 0 && chars + size(u) > SERIAL_BUFFER_PAGE_CHARS)) {
            more = true;
            break;
          }
          chars += size(u);
          out.push(u);
        }
        return out;
      };
      const chunks =
        which === 'chunks'
          ? page(
              s.chunks(),
              (c) => ({ seq: c.seq, t: c.t, hex: toHex(c.bytes) }),
              (c) => c.hex.length,
            )
          : [];
      const lines =
        which === 'chunks'
          ? []
          : page(
              s.lines(),
              (l) => ({ seq: l.seq, t: l.t, text: l.text }),
              (l) => l.text.length,
            );
      return {
        monitor: monitorView(s),
        lines,
        chunks,
        partial: s.partialLine ? { t: s.partialTime, text: s.partialLine } : null,
        more,
      };
    },

    'flash.boards': () => ({ boards: Object.values(BOARDS).map(boardProfileView) }),
    'flash.inspectFirmware': ({ hex, name }) => {
      const fw = parseFirmware(hex);
      return {
        name: name ?? null,
        sizeBytes: fw.dataBytes,
        sha256: sha256(hex),
        startAddress: fw.start,
        endAddress: fw.end,
        target: targetView(fw.target),
        fits: Object.values(BOARDS).map((b) => fitView(fw, b)),
      };
    },
    'flash.start': async ({ hex, name, targets, verify, backupDir }) => {
      const firmware = parseFirmware(hex);
      if (backupDir) checkBackupDir(backupDir);
      const resolved: FlashTarget[] = [];
      for (const t of targets) {
        const p = await listed(t.port);
        if (serial.holderOf(t.port) === 'flashing')
          throw new ApiError(
            ApiErrorCode.PORT_BUSY,
            `Port busy: ${t.port} is being flashed by another job`,
          );
        resolved.push({
          path: t.port,
          board: boardById(t.board)!,
          ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
        });
      }
      const record = jobs.start(
        firmware,
        {
          name: name ?? null,
          sha256: sha256(hex),
          sizeBytes: firmware.dataBytes,
          target: firmware.target,
        },
        resolved,
        { verify: verify ?? true, backupDir: backupDir ?? null },
      );
      return { job: jobView(record) };
    },
    'flash.cancel': ({ jobId, port }) => {
      const record = job(jobId);
      if (port !== undefined && !record.boards.some((b) => b.target.path === port))
        throw new ApiError(ApiErrorCode.NOT_FOUND, `flash job ${jobId} has no board on ${port}`);
      return { cancelled: jobs.cancel(jobId, port) };
    },
    'flash.jobs': ({ jobId, log }) => ({
      jobs: (jobId !== undefined ? [job(jobId)] : jobs.list()).map((r) => jobView(r, log ?? false)),
    }),
  };

  const topics: SerialTopics = {
    'ports.changes': (_params, listener) => {
      const q = queuedTopic<PortChange>(listener, PORT_CHANGES_QUEUE, () => ({
        kind: 'listing',
        time: Date.now(),
        error: serial.listError,
      }));
      const off = serial.on((e) =>
        q.push(
          e.type === 'listing'
            ? { kind: 'listing', time: Date.now(), error: e.error }
            : { kind: e.type, time: Date.now(), port: view(e.port) },
        ),
      );
      return { resume: q.resume, close: off };
    },
    'serial.output': ({ port, lines, chunks }, listener) => {
      const wantLines = lines ?? true;
      const q = queuedTopic<SerialOutput>(listener, SERIAL_OUTPUT_QUEUE, (dropped) => ({
        kind: 'gap',
        port,
        dropped,
      }));
      const s = monitor.get(port);
      q.push(
        s
          ? {
              kind: 'status',
              port,
              status: s.status,
              message: s.statusMessage,
              baudRate: s.baudRate,
              error: problemView(s.error),
            }
          : {
              kind: 'status',
              port,
              status: 'closed',
              message: 'No monitor open',
              baudRate: null,
              error: null,
            },
      );
      const off = monitor.watch(port, (e) => {
        switch (e.type) {
          case 'line':
            if (wantLines) q.push({ kind: 'line', port, ...e.line });
            break;
          case 'partial':
            if (wantLines) q.push({ kind: 'partial', port, t: e.t, text: e.text });
            break;
          case 'chunk':
            if (chunks)
              q.push({
                kind: 'chunk',
                port,
                seq: e.chunk.seq,
                t: e.chunk.t,
                hex: toHex(e.chunk.bytes),
              });
            break;
          case 'status':
            q.push({
              kind: 'status',
              port,
              status: e.status,
              message: e.message,
              baudRate: e.baudRate,
              error: problemView(e.error),
            });
            break;
          case 'cleared':
            q.push({ kind: 'cleared', port });
            break;
        }
      });
      return { resume: q.resume, close: off };
    },
    'flash.progress': ({ jobId }, listener) => {
      if (jobId !== undefined) job(jobId);
      const q = queuedTopic<FlashEvent>(listener, FLASH_PROGRESS_QUEUE, (dropped) => ({
        kind: 'gap',
        dropped,
      }));
      const off = jobs.on((e) => {
        if (jobId !== undefined && e.batch.id !== jobId) return;
        const id = e.batch.id;
        if (e.type === 'started' || e.type === 'finished')
          q.push({ kind: 'job', job: jobView(e.batch) });
        else if (e.type === 'progress')
          q.push({
            kind: 'progress',
            jobId: id,
            port: e.board.target.path,
            ...progressView(e.progress),
          });
        else if (e.type === 'log')
          q.push({ kind: 'log', jobId: id, port: e.board.target.path, t: e.t, line: e.line });
        else
          q.push({
            kind: 'result',
            jobId: id,
            port: e.board.target.path,
            result: resultView(e.result),
          });
      });
      return { resume: q.resume, close: off };
    },
  };
  return { calls, topics };
}

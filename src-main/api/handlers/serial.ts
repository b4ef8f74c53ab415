/** `serial.*`: the serial monitor: open, close, send, clear, its buffer in pages, its output. */
import { bytesToHex } from '../../protocol/hex';
import { ApiError, ApiErrorCode, type SerialOutput } from '../../contract';
import { LINE_ENDINGS } from '../../serial/SerialMonitor';
import type { SerialServices } from '../../services/types';
import { queuedTopic, SERIAL_OUTPUT_QUEUE } from '../topicQueue';
import { monitorView, problemView } from './portViews';
import type { CallsOf, TopicsOf } from './types';

/** Characters of line text (or hex of chunks) one serial.buffer answer carries at most. */
const SERIAL_BUFFER_PAGE_CHARS = 1024 * 1024;
/** Lines (or chunks) one serial.buffer answer carries when the caller sets no limit. */
const SERIAL_BUFFER_DEFAULT_LIMIT = 2000;

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

/** Up to `max` items after `after`, within SERIAL_BUFFER_PAGE_CHARS; `more` when some are left. */
function pageOf<T extends { seq: number }, U>(
  items: readonly T[],
  after: number,
  max: number,
  map: (x: T) => U,
  size: (u: U) => number,
): { page: U[]; more: boolean } {
  const page: U[] = [];
  let chars = 0;
  for (const item of items) {
    if (item.seq <= after) continue;
    const u = map(item);
    if (page.length >= max || (page.length > 0 && chars + size(u) > SERIAL_BUFFER_PAGE_CHARS))
      return { page, more: true };
    chars += size(u);
    page.push(u);
  }
  return { page, more: false };
}

export function serialHandlers(serial: SerialServices): {
  calls: CallsOf<'serial'>;
  topics: TopicsOf<'serial'>;
} {
  const { monitor } = serial;
  const calls: CallsOf<'serial'> = {
    'serial.open': async ({ port, baudRate, lineEnding }) => {
      // A monitor already open stays reachable while its port is unplugged.
      if (!monitor.get(port)) await serial.listed(port);
      const s = await monitor.open(port, { baudRate, ...(lineEnding ? { lineEnding } : {}) });
      if (s.baudRate !== baudRate) await s.setBaudRate(baudRate);
      if (lineEnding && s.lineEnding !== lineEnding) s.setLineEnding(lineEnding);
      // The next monitor on this board opens at the same rate (Port.lastBaud).
      await serial.watcher.rememberBaud(port, s.baudRate).catch(() => undefined);
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
      const s = serial.openMonitor(port);
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
      const s = serial.openMonitor(port);
      s.clear();
      return monitorView(s);
    },
    'serial.buffer': ({ port, view: which, afterSeq, limit }) => {
      const s = serial.openMonitor(port);
      const after = afterSeq ?? 0;
      const max = limit ?? SERIAL_BUFFER_DEFAULT_LIMIT;
      const chunks =
        which === 'chunks'
          ? pageOf(
              s.chunks(),
              after,
              max,
              (c) => ({ seq: c.seq, t: c.t, hex: bytesToHex(c.bytes) }),
              (c) => c.hex.length,
            )
          : { page: [], more: false };
      const lines =
        which === 'chunks'
          ? { page: [], more: false }
          : pageOf(
              s.lines(),
              after,
              max,
              (l) => ({ seq: l.seq, t: l.t, text: l.text }),
              (l) => l.text.length,
            );
      return {
        monitor: monitorView(s),
        lines: lines.page,
        chunks: chunks.page,
        partial: s.partialLine ? { t: s.partialTime, text: s.partialLine } : null,
        more: lines.more || chunks.more,
      };
    },
  };
  const topics: TopicsOf<'serial'> = {
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
                hex: bytesToHex(e.chunk.bytes),
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
  };
  return { calls, topics };
}

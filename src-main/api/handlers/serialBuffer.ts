/** `serial.buffer`: a monitor's kept lines (or raw chunks) in pages, and `serial.send`'s hex. */
import { ApiError, ApiErrorCode } from '../../contract';
import { bytesToHex } from '../../protocol/hex';
import type { MonitorSession } from '../../serial/MonitorSession';
import { monitorView } from './portViews';

/** Characters of line text (or hex of chunks) one serial.buffer answer carries at most. */
const SERIAL_BUFFER_PAGE_CHARS = 1024 * 1024;
/** Lines (or chunks) one serial.buffer answer carries when the caller sets no limit. */
const SERIAL_BUFFER_DEFAULT_LIMIT = 2000;

/** "48 65 6c", "48656c", "0x48,0x65": pairs of hex digits, separators ignored. */
export function parseHexBytes(text: string): Uint8Array {
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

const none = { page: [], more: false };

/** One page of the monitor's lines, or of its chunks with `view: 'chunks'`. */
export function bufferPage(
  s: MonitorSession,
  which: 'lines' | 'chunks' | undefined,
  afterSeq: number | undefined,
  limit: number | undefined,
) {
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
      : none;
  const lines =
    which === 'chunks'
      ? none
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
}

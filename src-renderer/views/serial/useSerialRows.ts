/**
 * The rows the serial output shows for a port: its buffer (lines or hex) up to where a pause froze
 * it, an "Older lines dropped" marker first when the buffer wrapped, and the partial line last
 * (text mode, live only). Re-read when the port's `version` moves.
 */
import { feedOf, useSerial } from '../../state/serial';
import type { SerialViewMode } from '../../state/serialSettings';

export function useSerialRows(port: string, mode: SerialViewMode) {
  const version = useSerial((s) => s.monitors[port]?.version ?? 0);
  const partial = useSerial((s) => (mode === 'text' ? (s.monitors[port]?.partial ?? null) : null));
  const droppedBefore = useSerial((s) => s.monitors[port]?.droppedBefore ?? 0);
  const frozenAt = useSerial((s) => s.frozenAt[port] ?? null);

  const buffer = mode === 'hex' ? feedOf(port).hex : feedOf(port).lines;
  const end = frozenAt === null ? buffer.end : Math.min(frozenAt, buffer.end);
  const kept = Math.max(0, end - buffer.dropped);
  const marker = buffer.dropped > 0 || droppedBefore > 0 ? 1 : 0;
  const showPartial = partial !== null && frozenAt === null ? 1 : 0;
  return {
    version,
    buffer,
    /** Rows of the buffer shown. */
    kept,
    /** 1 when the first row is the "Older lines dropped" marker. */
    marker,
    partial,
    frozenAt,
    /** Every row: marker, kept rows, partial line. */
    count: marker + kept + showPartial,
  };
}

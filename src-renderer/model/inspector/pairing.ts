/**
 * Request ↔ answer pairing (UI.md §3.5): a request (CONNECT, RUN, DESCRIBE, START/STOP_STREAM) is
 * answered by the first OK or ERROR with the same stream id going the other way on the same
 * device (IOTMP.md §6.3), so selecting one highlights the other and shows the latency.
 */
import { REQUEST_TYPES, type FrameRow } from './frameRow';

export interface Pairing {
  row: FrameRow;
  /** What the paired frame is to the selected one. */
  role: 'answer' | 'request';
  latencyMs: number;
}

/** How far to look: answers come within the 30 s device timeout, long before 2 000 frames. */
const MAX_SCAN = 2_000;

const isAnswer = (r: FrameRow): boolean => r.frame.type === 'OK' || r.frame.type === 'ERROR';

export function pairOf(rows: readonly FrameRow[], index: number): Pairing | null {
  const at = rows[index];
  if (!at || at.frame.streamId === null) return null;
  const request = REQUEST_TYPES.has(at.frame.type);
  if (!request && !isAnswer(at)) return null;
  const step = request ? 1 : -1;
  for (let i = index + step, seen = 0; i >= 0 && i < rows.length && seen < MAX_SCAN; i += step) {
    const r = rows[i];
    if (!r) break;
    seen++;
    if (r.device !== at.device || r.frame.streamId !== at.frame.streamId) continue;
    const opposite = r.frame.direction !== at.frame.direction;
    if (request) {
      if (opposite && isAnswer(r))
        return { row: r, role: 'answer', latencyMs: r.frame.time - at.frame.time };
      // The same id asked again before any answer: this request went unanswered.
      if (!opposite && REQUEST_TYPES.has(r.frame.type)) return null;
    } else {
      if (opposite && REQUEST_TYPES.has(r.frame.type))
        return { row: r, role: 'request', latencyMs: at.frame.time - r.frame.time };
      // An earlier answer on this id: the request before it was answered by that one.
      if (!opposite && isAnswer(r)) return null;
    }
  }
  return null;
}

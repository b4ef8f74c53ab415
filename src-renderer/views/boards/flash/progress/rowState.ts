/**
 * A board row's state in a flash job (running, ok, failed, cancelled), its glyph + word (UI.md
 * §1: colour + shape + word), and the figures its bar shows.
 */
import type { FlashBoardState } from '@contract/flashSchemas';
import { formatBytes } from '../../../../format/bytes';
import { duration } from '../../../../format/time';
import { messages } from '../../../../messages';

export type RowState = 'running' | 'ok' | 'failed' | 'cancelled';

export const stateOf = (b: FlashBoardState): RowState =>
  !b.result
    ? 'running'
    : b.result.ok
      ? 'ok'
      : b.result.error.code === 'CANCELLED'
        ? 'cancelled'
        : 'failed';

export const STATE_GLYPH: Record<RowState, string> = {
  ok: '●',
  failed: '✕',
  cancelled: '▲',
  running: '◐',
};

/** The row's word: the phase while it runs, else how it ended. */
export function stateWord(state: RowState, board: FlashBoardState): string {
  const f = messages.flash;
  if (state === 'running') return f.phases[board.phase];
  if (state === 'ok') return f.phases.done;
  return state === 'cancelled' ? f.result.cancelled : f.result.failed;
}

/**
 * `47 % · 12.4 kB/s · 0:12 · 0:20 left`; finished boards keep the percentage only (the result
 * line says how long it took).
 */
export function progressFigures(
  board: FlashBoardState,
  state: RowState,
  elapsedMs: number,
  percent: number | null,
): string {
  const t = messages.flash.run;
  const running = state === 'running';
  return [
    percent !== null ? `${Math.round(percent)} %` : null,
    running && board.bytesPerSecond > 0 ? t.rate(formatBytes(board.bytesPerSecond)) : null,
    running ? t.elapsed(duration(elapsedMs)) : null,
    running && board.remainingMs !== null ? t.remaining(duration(board.remainingMs)) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

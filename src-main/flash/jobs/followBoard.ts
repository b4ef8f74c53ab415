/**
 * A job's board as events: its progress throttled for display (a bar needs no more than one
 * update per PROGRESS_EVENT_MS within a phase; every phase change goes through), its log lines
 * with their time, and its result once, after which nothing more is followed.
 */
import type { BatchBoard, BatchEvent, BatchRecord } from './batchTypes';

/** Progress events per board at most this often within a phase: a bar needs no more. */
const PROGRESS_EVENT_MS = 100;

export function followBoard(
  batch: BatchRecord,
  board: BatchBoard,
  clock: () => number,
  emit: (e: BatchEvent) => void,
): void {
  let lastPhase: string | null = null;
  let lastAt = -Infinity;
  const offProgress = board.job.onProgress((progress) => {
    const now = clock();
    if (progress.phase === lastPhase && now - lastAt < PROGRESS_EVENT_MS) return;
    lastPhase = progress.phase;
    lastAt = now;
    emit({ type: 'progress', batch, board, progress });
  });
  const offLog = board.job.onLog((line) => emit({ type: 'log', batch, board, t: clock(), line }));
  void board.job.result.then((result) => {
    offProgress();
    offLog();
    board.result = result;
    emit({ type: 'result', batch, board, result });
  });
}

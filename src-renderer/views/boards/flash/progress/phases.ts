/**
 * The phases a board's job goes through (UI.md §3.8 "Resetting → … → Done") and where the board
 * is among them; pure, so the trail can be checked without React.
 */
import type { FlashBoardState, FlashJobInfo, FlashPhase } from '@contract/flashSchemas';

type JobKind = Pick<FlashJobInfo, 'verify' | 'backupDir' | 'operation'>;

/**
 * The phases this job goes through: a flash backs up only with a folder and verifies only with
 * verify; the ESP tools read (backup), erase, or write and verify (restore).
 */
export function phasesOf(job: JobKind): FlashPhase[] {
  const start = ['resetting', 'syncing', 'checking'] as const;
  switch (job.operation ?? 'flash') {
    case 'backup':
      return [...start, 'backing-up', 'done'];
    case 'erase':
      return [...start, 'erasing', 'done'];
    case 'restore':
      return [...start, 'writing', 'verifying', 'done'];
    case 'flash':
      return ([...start, 'backing-up', 'writing', 'verifying', 'done'] as const).filter(
        (p) => (p !== 'backing-up' || job.backupDir) && (p !== 'verifying' || job.verify),
      );
  }
}

export type PhaseStep = 'done' | 'current' | 'stopped' | 'todo';

/** Each phase of the board's job: done, current, where it stopped (failed or cancelled), to do. */
export function phaseTrail(
  job: JobKind,
  board: FlashBoardState,
): { phase: FlashPhase; step: PhaseStep }[] {
  const all = phasesOf(job);
  const result = board.result;
  const stoppedIn = result && !result.ok ? (result.error.phase as FlashPhase | null) : null;
  const at = all.indexOf(stoppedIn && all.includes(stoppedIn) ? stoppedIn : board.phase);
  return all.map((phase, i) => ({
    phase,
    step: result?.ok || i < at ? 'done' : i > at ? 'todo' : result ? 'stopped' : 'current',
  }));
}

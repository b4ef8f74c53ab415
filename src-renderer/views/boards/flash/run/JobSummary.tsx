/**
 * A finished job's outcome first (UI.md §3.8): "2 verified, 1 failed" naming the failed boards,
 * Retry failed (not the boards refused for their chip: the same file fails again), and Flash
 * another batch.
 */
import type { FlashJobInfo } from '@contract/flashSchemas';
import { messages } from '../../../../messages';
import { countJob, useFlashWizard } from '../../../../state/flashing';
import type { ChosenTarget } from '../flashTargets';

export function JobSummary({
  job,
  starting,
  onRetryFailed,
  onAnother,
}: {
  job: FlashJobInfo;
  starting: boolean;
  onRetryFailed: (targets: ChosenTarget[]) => void;
  onAnother: () => void;
}) {
  const t = messages.flash.run;
  const counts = countJob(job);
  const failed = job.boards.filter(
    (b) => b.result?.ok === false && b.result.error.code !== 'CANCELLED',
  );
  // A board refused for its chip fails again with the same file: its own fix asks for another.
  const retryable = failed.filter(
    (b) => b.result?.ok === false && b.result.error.code !== 'WRONG_CHIP',
  );
  const targets = useFlashWizard((s) => s.targets);
  const parts = [
    counts.verified && t.verified(counts.verified),
    counts.written && t.written(counts.written),
    counts.failed && t.failed(counts.failed),
    counts.cancelled && t.cancelled(counts.cancelled),
  ].filter(Boolean);
  const bad = counts.failed > 0;
  return (
    <div role="status" className={`job-summary${bad ? ' job-summary-bad' : ' job-summary-ok'}`}>
      <p>
        <span
          aria-hidden="true"
          className={`flash-state-${bad ? 'failed' : counts.cancelled ? 'cancelled' : 'ok'}`}
        >
          {bad ? '✕' : counts.cancelled ? '▲' : '●'}
        </span>{' '}
        <strong>{parts.join(', ')}</strong>
        {failed.length > 0 && (
          <span>
            {' · '}
            {t.failedBoards(
              failed.map((b) => messages.flash.boardOn(b.boardName, b.port)).join(', '),
            )}
          </span>
        )}
      </p>
      <div className="row">
        {retryable.length > 0 && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={starting}
            onClick={() =>
              onRetryFailed(
                retryable.map((b) => ({ port: b.port, board: targets[b.port]?.board ?? b.board })),
              )
            }
          >
            {starting ? t.retrying : t.retryFailed}
          </button>
        )}
        <button type="button" className="btn" onClick={onAnother}>
          {t.another}
        </button>
      </div>
    </div>
  );
}

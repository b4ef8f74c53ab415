/**
 * An ESP tool's job in its dialog, with the Flash flow's own progress row (phases, bar, figures,
 * Cancel, result, Log), and once it ended: Again (back to the tool's form) and Close.
 */
import type { BoardProfile } from '@contract/serialSchemas';
import type { FlashJobInfo } from '@contract/flashSchemas';
import { messages } from '../../../messages';
import { JobBoards } from '../flash/JobBoards';

export function EspJobView({
  job,
  label,
  boards,
  onAgain,
}: {
  job: FlashJobInfo;
  /** The list's accessible name (the dialog's title). */
  label: string;
  boards: readonly BoardProfile[];
  /** Back to the form (Again, or a fix's Retry). */
  onAgain: () => void;
}) {
  return (
    <>
      <JobBoards
        job={job}
        boards={boards}
        label={label}
        // A fix here runs the same tool again (after holding BOOT, at 115 200 baud…).
        onRetry={onAgain}
        onChooseFirmware={() => undefined}
      />
      {job.running ? <p className="muted">{messages.espTools.runsOn}</p> : null}
    </>
  );
}

/** The buttons under a job that ended. */
export function JobDoneActions({ onAgain, onClose }: { onAgain: () => void; onClose: () => void }) {
  const t = messages.espTools;
  return (
    <div className="admin-dialog-actions">
      <button type="button" className="btn" onClick={onAgain}>
        {t.again}
      </button>
      <button type="button" className="btn btn-primary" onClick={onClose}>
        {t.close}
      </button>
    </div>
  );
}

/**
 * Step 3, Flash (UI.md §3.8): one large "Flash 3 boards" button (Mod+Enter), then one row per
 * board with its phase and progress, Cancel and Cancel all; when the job ends, the results with
 * their fixes, "2 verified, 1 failed" naming the failed boards, Retry failed, and "Flash another
 * batch" keeping the firmware. The parts are in `run/`.
 */
import { api } from '../../../api/connection';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { clockTime } from '../../../format/time';
import { messages } from '../../../messages';
import { isRunning, useFlashing, useFlashWizard } from '../../../state/flashing';
import { usePorts } from '../../../state/ports';
import { JobBoards } from './JobBoards';
import { chosenTargets } from './flashTargets';
import { JobSummary } from './run/JobSummary';
import { ReadyRows } from './run/ReadyRows';
import { useFlashActions } from './run/useFlashActions';
import { useStartFlash } from './run/useStartFlash';
import { askFirmwareFor, chooseForRetry } from './run/wizardFixes';

export function RunStep() {
  const jobId = useFlashWizard((s) => s.jobId);
  const targets = useFlashWizard((s) => s.targets);
  const job = useFlashing((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const ports = usePorts((s) => s.ports);
  const boards = usePorts((s) => s.boards);
  const { starting, error, setError, start } = useStartFlash();
  const chosen = chosenTargets(targets, ports);
  const t = messages.flash.run;
  const running = job !== null && isRunning(job);

  const cancelAll = (): void => {
    if (job) void api().flash.cancel({ jobId: job.id }).catch(setError);
  };
  const another = (): void => useFlashWizard.getState().set({ jobId: null, step: 'boards' });
  useFlashActions({
    hasJob: job !== null,
    running,
    starting,
    chosen,
    start: (list) => void start(list),
    cancelAll,
    another,
  });

  if (!job)
    return (
      <ReadyRows
        chosen={chosen}
        boards={boards}
        starting={starting}
        error={error}
        onStart={() => void start(chosen)}
      />
    );

  return (
    <div className="run-step">
      <div className="job-head">
        <p className="muted">
          {t.jobFrom(clockTime(job.startedAt))} ·{' '}
          {job.firmware.name ?? job.firmware.sha256.slice(0, 8)}
        </p>
        {running && (
          <button type="button" className="btn" onClick={cancelAll}>
            {t.cancelAll}
          </button>
        )}
      </div>
      {/* The outcome first: which boards need attention. */}
      {!running && (
        <JobSummary
          job={job}
          starting={starting}
          onRetryFailed={(list) => void start(list)}
          onAnother={another}
        />
      )}
      <JobBoards
        job={job}
        boards={boards}
        label={messages.flash.steps.boards}
        onRetry={(target, maxBaud) => {
          chooseForRetry(target);
          void start([target], maxBaud);
        }}
        onChooseFirmware={(port, profile) => askFirmwareFor(job, port, profile)}
      />
      {running && <p className="muted">{t.keepOpen}</p>}
      {error ? <ErrorNotice error={error} title={t.startFailed} /> : null}
    </div>
  );
}

/**
 * Step 3, Flash (UI.md §3.8): one large "Flash 3 boards" button (Mod+Enter), then one row per
 * board with its phase and progress, Cancel and Cancel all; when the job ends, the results with
 * their fixes, "2 verified, 1 failed" naming the failed boards, Retry failed, and "Flash another
 * batch" keeping the firmware.
 */
import { useMemo, useState } from 'react';
import type { FlashJobInfo } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';
import type { Action } from '../../../actions/Action';
import { useRegisterActions } from '../../../actions/actionRegistry';
import { api } from '../../../api/connection';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { clockTime } from '../../../format/time';
import { messages } from '../../../messages';
import {
  countJob,
  firmwarePayload,
  firmwareText,
  isRunning,
  useFlashing,
  useFlashWizard,
} from '../../../state/flashing';
import { boardName, usePorts } from '../../../state/ports';
import { asSentence } from '../../../format/sentence';
import { BoardProgress } from './BoardProgress';
import { chosenTargets, type ChosenTarget } from './BoardsStep';

export function RunStep() {
  const jobId = useFlashWizard((s) => s.jobId);
  const targets = useFlashWizard((s) => s.targets);
  const job = useFlashing((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const ports = usePorts((s) => s.ports);
  const boards = usePorts((s) => s.boards);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const chosen = chosenTargets(targets, ports);
  const t = messages.flash.run;
  const running = job !== null && isRunning(job);
  const chosenKey = chosen.map((c) => `${c.port}=${c.board}`).join();

  const start = async (list: ChosenTarget[], maxBaud?: number): Promise<void> => {
    const wizard = useFlashWizard.getState();
    const text = firmwareText();
    if (!text || !wizard.firmware) {
      setError(new Error(t.firmwareLost));
      return;
    }
    setStarting(true);
    setError(null);
    try {
      const { job: started } = await api().flash.start({
        ...firmwarePayload(text),
        ...(maxBaud ? { maxBaud } : {}),
        name: wizard.firmware.name,
        targets: list,
        verify: wizard.verify,
        backupDir: wizard.backup ? wizard.backupDir.trim() : null,
      });
      useFlashing.getState().apply({ kind: 'job', job: started });
      wizard.set({ jobId: started.id });
    } catch (e) {
      setError(asSentence(e));
    } finally {
      setStarting(false);
    }
  };

  const cancelAll = (): void => {
    if (job) void api().flash.cancel({ jobId: job.id }).catch(setError);
  };
  const another = (): void => useFlashWizard.getState().set({ jobId: null, step: 'boards' });

  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'flash.start',
        label: messages.flash.actions.start,
        group: messages.flash.actions.group,
        keys: 'Mod+Enter',
        enabled: () => !job && chosen.length > 0 && !starting,
        perform: () => void start(chosen),
      },
      {
        id: 'flash.cancelAll',
        label: messages.flash.actions.cancelAll,
        group: messages.flash.actions.group,
        enabled: () => running,
        perform: cancelAll,
      },
      {
        id: 'flash.another',
        label: messages.flash.actions.another,
        group: messages.flash.actions.group,
        enabled: () => job !== null && !running,
        perform: another,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start/cancelAll read the latest state themselves
    [job, running, starting, chosenKey],
  );
  useRegisterActions(actions);

  if (!job)
    return (
      <div className="run-step">
        <ul className="flash-rows" aria-label={messages.flash.steps.boards}>
          {chosen.map((c) => (
            <li key={c.port} className="flash-row flash-row-ready">
              <div className="flash-row-head">
                <strong>{boardName(boards, c.board) ?? c.board}</strong>
                <span className="mono muted">{c.port}</span>
                <span className="flash-row-state muted">{t.ready}</span>
              </div>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="btn btn-primary btn-flash"
          disabled={!chosen.length || starting}
          onClick={() => void start(chosen)}
        >
          {starting ? t.starting : t.start(chosen.length)}
        </button>
        {error ? <ErrorNotice error={error} title={t.startFailed} /> : null}
      </div>
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
      <ul className="flash-rows" aria-label={messages.flash.steps.boards}>
        {job.boards.map((b) => (
          <BoardProgress
            key={b.port}
            job={job}
            board={b}
            boards={boards}
            onRetry={(target, maxBaud) => {
              useFlashWizard
                .getState()
                .choose(target.port, { board: target.board, selected: true });
              void usePorts
                .getState()
                .chooseBoard(target.port, target.board)
                .catch(() => undefined);
              void start([target], maxBaud);
            }}
            onChooseFirmware={(port, profile) => askFirmwareFor(job, port, profile)}
          />
        ))}
      </ul>
      {running && <p className="muted">{t.keepOpen}</p>}
      {error ? <ErrorNotice error={error} title={t.startFailed} /> : null}
    </div>
  );
}

/**
 * A fix that needs another file: only this board stays picked, with its (new) board type
 * remembered for the port, and step 1 asks for the firmware built for it.
 */
function askFirmwareFor(job: FlashJobInfo, port: string, profile: BoardProfile): void {
  const wizard = useFlashWizard.getState();
  const targets = Object.fromEntries(
    Object.entries(wizard.targets).map(([p, c]) => [p, { ...c, selected: false }]),
  );
  targets[port] = { selected: true, board: profile.id };
  wizard.set({
    targets,
    firmware: null,
    text: null,
    jobId: null,
    step: 'firmware',
    wanted: {
      port,
      board: profile.id,
      boardName: profile.name,
      previous: job.firmware.target?.name ?? null,
    },
  });
  void usePorts
    .getState()
    .chooseBoard(port, profile.id)
    .catch(() => undefined);
}

function JobSummary({
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

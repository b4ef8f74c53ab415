/**
 * One board of a flash job (UI.md §3.8): name + port, the phases (Resetting → … → Done), a
 * `progressbar` named "Flashing Arduino Uno on /dev/ttyACM0" (determinate while backing up,
 * writing and verifying; indeterminate before), %, bytes/s, elapsed/remaining, Cancel, the
 * result with its fix, Open serial monitor, and a Log disclosure.
 */
import { useEffect, useState } from 'react';
import type { FlashBoardState, FlashJobInfo, FlashPhase } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';
import { api } from '../../../api/connection';
import { href, navigate } from '../../../navigation/router';
import { CopyButton } from '../../../components/CopyButton';
import { formatBytes, groupDigits } from '../../../format/bytes';
import { duration } from '../../../format/time';
import { messages } from '../../../messages';
import { logKey, useFlashing } from '../../../state/flashing';
import { sentence } from '../../../format/sentence';
import type { ChosenTarget } from './BoardsStep';
import { fixFor, shortBoardName, type BoardFix } from './fixes';

const TICK_MS = 1_000;

/** Phases whose progress is a byte count: the bar is determinate there. */
const MEASURED: ReadonlySet<FlashPhase> = new Set(['backing-up', 'writing', 'verifying', 'done']);

/**
 * The phases this job goes through: a flash backs up only with a folder and verifies only with
 * verify; the ESP tools read (backup), erase, or write and verify (restore).
 */
export function phasesOf(
  job: Pick<FlashJobInfo, 'verify' | 'backupDir' | 'operation'>,
): FlashPhase[] {
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

type PhaseStep = 'done' | 'current' | 'stopped' | 'todo';

/** Each phase of the board's job: done, current, where it stopped (failed or cancelled), to do. */
export function phaseTrail(
  job: Pick<FlashJobInfo, 'verify' | 'backupDir' | 'operation'>,
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

/** The time, re-read every second while `on` (null when off). */
function useTicking(on: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => {
      clearInterval(timer);
      setNow(null);
    };
  }, [on]);
  return on ? now : null;
}

type RowState = 'running' | 'ok' | 'failed' | 'cancelled';

const stateOf = (b: FlashBoardState): RowState =>
  !b.result
    ? 'running'
    : b.result.ok
      ? 'ok'
      : b.result.error.code === 'CANCELLED'
        ? 'cancelled'
        : 'failed';

export function BoardProgress({
  job,
  board,
  boards,
  onRetry,
  onChooseFirmware,
}: {
  job: FlashJobInfo;
  board: FlashBoardState;
  boards: readonly BoardProfile[];
  onRetry: (target: ChosenTarget, maxBaud?: number) => void;
  /** A fix that needs another file: step 1 asks for the firmware built for `board`. */
  onChooseFirmware: (port: string, board: BoardProfile) => void;
}) {
  const t = messages.flash.run;
  const state = stateOf(board);
  const heardAt = useFlashing((s) => s.heardAt[logKey(job.id, board.port)] ?? null);
  const now = useTicking(state === 'running');
  // Between progress events (a long sync) the time keeps counting from the last one heard.
  const elapsed =
    board.elapsedMs + (heardAt !== null && now !== null ? Math.max(0, now - heardAt) : 0);
  const determinate = state !== 'running' || MEASURED.has(board.phase);
  const percent = Math.max(0, Math.min(100, board.percent));
  const phaseWord = messages.flash.phases[board.phase];
  const op = job.operation ?? 'flash';
  const boardOn = messages.flash.boardOn(board.boardName, board.port);
  const barLabel =
    op === 'flash'
      ? t.progressLabel(board.boardName, board.port)
      : messages.espTools.progressLabel[op](boardOn);
  const cancelLabel =
    op === 'flash'
      ? t.cancelLabel(board.boardName, board.port)
      : messages.espTools.cancelLabel[op](boardOn);
  // Finished boards keep the percentage only: the result line says how long it took.
  const figures = [
    determinate ? `${Math.round(percent)} %` : null,
    state === 'running' && board.bytesPerSecond > 0
      ? t.rate(formatBytes(board.bytesPerSecond))
      : null,
    state === 'running' ? t.elapsed(duration(elapsed)) : null,
    state === 'running' && board.remainingMs !== null
      ? t.remaining(duration(board.remainingMs))
      : null,
  ].filter(Boolean);

  return (
    <li
      className={`flash-row flash-row-${state}`}
      aria-label={messages.flash.boardOn(board.boardName, board.port)}
    >
      <div className="flash-row-head">
        <strong>{board.boardName}</strong>
        <span className="mono muted">{board.port}</span>
        <span className={`flash-row-state flash-state-${state}`}>
          <span aria-hidden="true">
            {state === 'ok' ? '●' : state === 'failed' ? '✕' : state === 'cancelled' ? '▲' : '◐'}
          </span>{' '}
          {state === 'running'
            ? phaseWord
            : state === 'ok'
              ? messages.flash.phases.done
              : state === 'cancelled'
                ? messages.flash.result.cancelled
                : messages.flash.result.failed}
        </span>
      </div>

      <ol className="phase-trail" aria-label={messages.flash.phaseList}>
        {phaseTrail(job, board).map(({ phase, step }) => (
          <li
            key={phase}
            className={`flash-phase flash-phase-${step}`}
            aria-current={step === 'current' ? 'step' : undefined}
          >
            {messages.flash.phases[phase]}
          </li>
        ))}
      </ol>

      <div className="flash-bar-row">
        <div
          role="progressbar"
          aria-label={barLabel}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={determinate ? Math.round(percent) : undefined}
          aria-valuetext={determinate ? `${phaseWord} · ${Math.round(percent)} %` : phaseWord}
          className={`flash-bar flash-bar-${state}${determinate ? '' : ' flash-bar-indeterminate'}`}
        >
          <div
            className="flash-bar-fill"
            style={{ width: determinate ? `${percent}%` : undefined }}
          />
        </div>
        <span className="flash-figures">{figures.join(' · ')}</span>
        {state === 'running' && (
          <button
            type="button"
            className="btn"
            aria-label={cancelLabel}
            onClick={() =>
              void api()
                .flash.cancel({ jobId: job.id, port: board.port })
                .catch(() => undefined)
            }
          >
            {t.cancel}
          </button>
        )}
      </div>

      {board.result && (
        <ResultLine
          job={job}
          board={board}
          result={board.result}
          boards={boards}
          onRetry={onRetry}
          onChooseFirmware={onChooseFirmware}
        />
      )}
      <LogDisclosure jobId={job.id} port={board.port} />
    </li>
  );
}

function ResultLine({
  job,
  board,
  result,
  boards,
  onRetry,
  onChooseFirmware,
}: {
  job: FlashJobInfo;
  board: FlashBoardState;
  /** `board.result`, there when the line shows. */
  result: NonNullable<FlashBoardState['result']>;
  boards: readonly BoardProfile[];
  onRetry: (target: ChosenTarget, maxBaud?: number) => void;
  onChooseFirmware: (port: string, board: BoardProfile) => void;
}) {
  const t = messages.flash.run;
  const found = fixFor(result, board.board, boards, job.firmware.target);
  // The ESP tools have no firmware to choose: only the fixes that run the same job again.
  const fix =
    (job.operation ?? 'flash') === 'flash' ||
    (found && found.kind !== 'switch-choose' && found.kind !== 'choose-firmware')
      ? found
      : null;
  return (
    <div className="flash-result">
      {result.ok ? (
        <p className="result-ok">{result.summary}</p>
      ) : (
        <p className={result.error.code === 'CANCELLED' ? 'result-cancelled' : 'result-failed'}>
          {sentence(result.error.message)}
        </p>
      )}
      {result.backupFile && <p className="muted mono">{t.backupSaved(result.backupFile)}</p>}
      <div className="row">
        {fix && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() =>
              fix.kind === 'switch-retry' || fix.kind === 'retry'
                ? onRetry({ port: board.port, board: fix.board.id })
                : fix.kind === 'retry-slower'
                  ? onRetry({ port: board.port, board: fix.board.id }, fix.baud)
                  : onChooseFirmware(board.port, fix.board)
            }
          >
            {fixLabel(fix)}
          </button>
        )}
        <button
          type="button"
          className="btn"
          aria-label={t.openMonitorLabel(board.port)}
          onClick={() => navigate(href('serial', board.port))}
        >
          {t.openMonitor}
        </button>
      </div>
    </div>
  );
}

function fixLabel(fix: BoardFix): string {
  const t = messages.flash.run;
  const name = shortBoardName(fix.board.name);
  switch (fix.kind) {
    case 'switch-retry':
      return t.switchAndRetry(name);
    case 'switch-choose':
      return t.switchAndChoose(name);
    case 'choose-firmware':
      return t.chooseFirmwareFor(name);
    case 'retry':
      return t.retryInLoader;
    case 'retry-slower':
      return t.retryAt(groupDigits(fix.baud));
  }
}

function LogDisclosure({ jobId, port }: { jobId: string; port: string }) {
  const lines = useFlashing((s) => s.logs[logKey(jobId, port)]);
  const t = messages.flash.run;
  return (
    <details
      className="flash-log"
      onToggle={(e) => {
        if (e.currentTarget.open)
          void useFlashing
            .getState()
            .loadLog(jobId)
            .catch(() => undefined);
      }}
    >
      <summary>{t.log}</summary>
      {lines?.length ? (
        <>
          <pre className="mono">{lines.join('\n')}</pre>
          <CopyButton text={() => lines.join('\n')} label={t.copyLog} />
        </>
      ) : (
        <p className="muted">{t.logEmpty}</p>
      )}
    </details>
  );
}

/**
 * The Flash flow (UI.md §3.8): firmware → boards → flash. Each finished step stays as a one-line
 * summary with Change; the open step shows its form. A job keeps running in main when the page
 * is left, and shows again on return (the newest running one after a reload).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { groupDigits } from '../../../format/bytes';
import { messages } from '../../../messages';
import { isRunning, useFlashing, useFlashWizard, type FlashStep } from '../../../state/flashing';
import { boardName, usePorts } from '../../../state/ports';
import { BoardsStep } from './BoardsStep';
import { chosenTargets } from './flashTargets';
import { FirmwareStep } from './FirmwareStep';
import { shortSha } from './firmwareFiles';
import { RunStep } from './RunStep';
import './flash.css';

const ORDER: FlashStep[] = ['firmware', 'boards', 'flash'];

export function FlashFlow({ onAddPort }: { onAddPort: () => void }) {
  const step = useFlashWizard((s) => s.step);
  const jobId = useFlashWizard((s) => s.jobId);
  const jobRunning = useFlashing((s) => s.jobs.some((j) => j.id === jobId && isRunning(j)));
  useAdoptRunningJob();
  const t = messages.flash.steps;
  const at = ORDER.indexOf(step);
  const go = (next: FlashStep) => useFlashWizard.getState().set({ step: next });

  return (
    <ol className="flash-steps" aria-label={t.label}>
      <StepSection
        n={1}
        title={t.firmware}
        state={at === 0 ? 'current' : 'done'}
        summary={<FirmwareSummary />}
        onChange={jobRunning ? null : () => go('firmware')}
      >
        <FirmwareStep onNext={() => go('boards')} />
      </StepSection>
      <StepSection
        n={2}
        title={t.boards}
        state={at === 1 ? 'current' : at > 1 ? 'done' : 'todo'}
        summary={<BoardsSummary />}
        onChange={jobRunning ? null : () => go('boards')}
      >
        <BoardsStep onAddPort={onAddPort} onNext={() => go('flash')} />
      </StepSection>
      <StepSection n={3} title={t.flash} state={at === 2 ? 'current' : 'todo'} summary={null}>
        <RunStep />
      </StepSection>
    </ol>
  );
}

/** After a reload the flow shows the newest running job, once. */
function useAdoptRunningJob(): void {
  const jobs = useFlashing((s) => s.jobs);
  const adopted = useRef(false);
  useEffect(() => {
    if (adopted.current || !jobs.length) return;
    adopted.current = true;
    const wizard = useFlashWizard.getState();
    const running = jobs.find((j) => isRunning(j) && (j.operation ?? 'flash') === 'flash');
    if (!wizard.jobId && running) wizard.set({ jobId: running.id, step: 'flash' });
  }, [jobs]);
}

function StepSection({
  n,
  title,
  state,
  summary,
  onChange,
  children,
}: {
  n: number;
  title: string;
  state: 'current' | 'done' | 'todo';
  summary: ReactNode;
  onChange?: (() => void) | null;
  children: ReactNode;
}) {
  const t = messages.flash.steps;
  const id = `flash-step-${n}`;
  return (
    <li
      className={`flash-step flash-step-${state}`}
      aria-current={state === 'current' ? 'step' : undefined}
    >
      <section aria-labelledby={id}>
        <header className="flash-step-head">
          <span className="flash-step-n" aria-hidden="true">
            {state === 'done' ? '✓' : n}
          </span>
          <h2 id={id}>
            <span className="visually-hidden">{t.number(n)}: </span>
            {title}
          </h2>
          {state === 'done' && <div className="flash-step-summary">{summary}</div>}
          {state === 'done' && onChange !== undefined && (
            <button
              type="button"
              className="btn btn-quiet"
              aria-label={t.changeLabel(title)}
              disabled={onChange === null}
              onClick={onChange ?? undefined}
            >
              {t.change}
            </button>
          )}
        </header>
        {state === 'current' && <div className="flash-step-body">{children}</div>}
      </section>
    </li>
  );
}

function FirmwareSummary() {
  const firmware = useFlashWizard((s) => s.firmware);
  if (!firmware) return null;
  return (
    <span>
      {messages.flash.firmware.summary(
        firmware.name,
        groupDigits(firmware.info.sizeBytes),
        shortSha(firmware.info.sha256),
      )}
    </span>
  );
}

function BoardsSummary() {
  const targets = useFlashWizard((s) => s.targets);
  const verify = useFlashWizard((s) => s.verify);
  const backup = useFlashWizard((s) => s.backup);
  const ports = usePorts((s) => s.ports);
  const boards = usePorts((s) => s.boards);
  const chosen = chosenTargets(targets, ports, { withBusy: true });
  const t = messages.flash.boards;
  const names = chosen
    .map((c) => messages.flash.boardOn(boardName(boards, c.board) ?? c.board, c.port))
    .join(', ');
  return (
    <span>
      {t.selected(chosen.length)}: {names} · {verify ? t.summaryVerify : t.summaryNoVerify}
      {backup ? ` · ${t.summaryBackup}` : ''}
    </span>
  );
}

/**
 * One run (UI.md §3.11): its header (Cancel while it runs, the pass/fail summary after), a row
 * per board, and the batch summary files once it has ended.
 */
import type { CommissionRunInfo } from '@contract/commissionSchemas';
import { api } from '../../../api/connection';
import { messages } from '../../../messages';
import { runSummary } from '../../../model/commissionPlan';
import { BoardRow } from './BoardRow';
import { RunResultActions } from './RunResultActions';

const t = messages.commission;

export function RunRows({ run }: { run: CommissionRunInfo }) {
  const done = run.endedAt !== null;
  const { pass, fail } = runSummary(run);
  return (
    <section className="run" aria-label={`${run.planName} · ${run.site}`}>
      <header className="run-header">
        <h2>
          {run.planName} · {run.site} <span className="muted small mono">{run.id}</span>
        </h2>
        {done ? (
          <p className={fail ? 'run-summary fail' : 'run-summary pass'} role="status">
            {fail ? '✕' : '●'} {t.results.summary(pass, fail)}
          </p>
        ) : (
          <button
            type="button"
            className="btn"
            onClick={() => void api().commission.cancel({ runId: run.id })}
          >
            {t.station.cancel}
          </button>
        )}
      </header>
      <ol className="board-rows">
        {run.boards.map((b) => (
          <BoardRow key={b.port} runId={run.id} board={b} done={done} />
        ))}
      </ol>
      {done && <RunResultActions runId={run.id} />}
    </section>
  );
}

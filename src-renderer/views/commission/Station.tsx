/**
 * The station (UI.md §3.11): the boards to commission, the run's rows (one per board, its step
 * trail with glyph + word + reason, Cancel), the technician's prompts queued at the top, and the
 * results with certificates and the batch summary.
 */
import { useEffect, useState } from 'react';
import type {
  BoardRunInfo,
  CommissionPrompt,
  CommissionRunInfo,
} from '@contract/commissionSchemas';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { presentPorts, usePorts } from '../../state/ports';
import { runSummary, saveGenerated, STEP_GLYPH } from '../../model/commissionPlan';
import { useCommission } from '../../state/commission';

const t = messages.commission;

export function StationSetup() {
  const ports = presentPorts(usePorts((s) => s.ports));
  const chosen = useCommission((s) => s.chosen);
  const site = useCommission((s) => s.site);
  const technician = useCommission((s) => s.technician);
  const planId = useCommission((s) => s.planId);
  const { set } = useCommission.getState();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const usable = chosen.filter((c) => ports.some((p) => p.path === c));

  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      const { run } = await api().commission.start({
        ...(planId ? { planId } : { plan: useCommission.getState().draft as never }),
        ports: usable,
        site,
        technician,
      });
      useCommission.getState().applyRun(run);
      set({ runId: run.id });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="station-setup" aria-label={t.station.title}>
      <div className="form-pair">
        <label className="form-row">
          <span>{t.station.site}</span>
          <input className="field" value={site} onChange={(e) => set({ site: e.target.value })} />
        </label>
        <label className="form-row">
          <span>{t.station.technician}</span>
          <input
            className="field"
            value={technician}
            onChange={(e) => set({ technician: e.target.value })}
          />
        </label>
      </div>
      <fieldset className="plan-group">
        <legend>{t.station.ports}</legend>
        {ports.length === 0 && <p className="muted">{t.station.noPorts}</p>}
        {ports.map((p) => (
          <label key={p.path} className="check-row">
            <input
              type="checkbox"
              checked={chosen.includes(p.path)}
              onChange={(e) =>
                set({
                  chosen: e.target.checked
                    ? [...chosen, p.path]
                    : chosen.filter((c) => c !== p.path),
                })
              }
            />
            <span className="mono">{p.path}</span>
            <span className="muted"> · {p.name}</span>
          </label>
        ))}
      </fieldset>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || usable.length === 0 || !planId}
          title={
            !planId ? t.station.choosePlan : usable.length === 0 ? t.station.choosePorts : undefined
          }
          onClick={() => void start()}
        >
          {t.station.start(usable.length || 1)}
        </button>
        {!planId && <span className="muted small">{t.station.choosePlan}</span>}
      </div>
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}

/** Manual checks and confirmations, oldest first; `p`, `f`, `n` answer the first. */
export function PromptCards({ run }: { run: CommissionRunInfo }) {
  const prompts = run.prompts;
  useEffect(() => {
    const first = prompts[0];
    if (!first) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable))
        return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (first.kind === 'manual' && (e.key === 'p' || e.key === 'f')) {
        e.preventDefault();
        void answer(run.id, first, e.key === 'p' ? 'pass' : 'fail');
      } else if (e.key === 'n') {
        e.preventDefault();
        document.getElementById(`note-${first.id}`)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prompts, run.id]);
  if (prompts.length === 0) return null;
  return (
    <section className="prompt-cards" aria-label={t.prompts.title}>
      <h2>
        {t.prompts.title} <span className="muted small">{t.prompts.keys}</span>
      </h2>
      {prompts.map((p) => (
        <PromptCard key={p.id} runId={run.id} prompt={p} />
      ))}
    </section>
  );
}

async function answer(
  runId: string,
  p: CommissionPrompt,
  verdict: 'pass' | 'fail' | 'skip' | 'yes' | 'no',
) {
  const note = (document.getElementById(`note-${p.id}`) as HTMLInputElement | null)?.value;
  await api().commission.answer({ runId, promptId: p.id, verdict, ...(note ? { note } : {}) });
}

function PromptCard({ runId, prompt }: { runId: string; prompt: CommissionPrompt }) {
  const who = prompt.device ?? prompt.port;
  return (
    <article className="prompt-card" aria-label={`${who}: ${prompt.text}`}>
      <p>
        <strong>{who}</strong>: {prompt.text}
      </p>
      <div className="toolbar">
        {prompt.kind === 'manual' ? (
          <>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void answer(runId, prompt, 'pass')}
            >
              {t.prompts.pass}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => void answer(runId, prompt, 'fail')}
            >
              {t.prompts.fail}
            </button>
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => void answer(runId, prompt, 'skip')}
            >
              {t.prompts.skip}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void answer(runId, prompt, 'yes')}
            >
              {t.prompts.yes}
            </button>
            <button type="button" className="btn" onClick={() => void answer(runId, prompt, 'no')}>
              {t.prompts.no}
            </button>
          </>
        )}
        <input
          id={`note-${prompt.id}`}
          className="field"
          aria-label={t.prompts.note}
          placeholder={t.prompts.note}
        />
      </div>
    </article>
  );
}

export function RunRows({ run }: { run: CommissionRunInfo }) {
  const done = run.endedAt !== null;
  const { pass, fail } = runSummary(run);
  const file = async (call: () => Promise<Parameters<typeof saveGenerated>[0]>) =>
    saveGenerated(await call());
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
      {done && (
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            onClick={() => void file(() => api().sites.summary({ runId: run.id, format: 'csv' }))}
          >
            {t.results.csv}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void file(() => api().sites.summary({ runId: run.id, format: 'pdf' }))}
          >
            {t.results.summaryPdf}
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => useCommission.getState().set({ runId: null })}
          >
            {t.station.another}
          </button>
        </div>
      )}
    </section>
  );
}

function BoardRow({ runId, board, done }: { runId: string; board: BoardRunInfo; done: boolean }) {
  const failing = board.checks.filter((c) => c.status === 'fail');
  const resultWord =
    board.status === 'pass'
      ? 'PASS'
      : board.status === 'running'
        ? null
        : board.status.toUpperCase();
  return (
    <li
      className={`board-row status-${board.status}`}
      aria-label={t.station.rowLabel(board.port, board.device)}
    >
      <div className="board-id">
        <strong>{board.device ?? '—'}</strong>
        <span className="mono muted small">{board.port}</span>
        {resultWord && (
          <span className={`result-word ${board.status === 'pass' ? 'pass' : 'fail'}`}>
            {board.status === 'pass' ? '●' : '✕'} {resultWord}
          </span>
        )}
      </div>
      <ol className="step-trail">
        {board.steps.map((s) => (
          <li key={s.step} className={`step step-${s.status}`} title={s.detail || undefined}>
            <span aria-hidden="true">{STEP_GLYPH[s.status]}</span> {t.station.steps[s.step]}{' '}
            <span className="step-word">
              {s.status === 'running' && s.percent !== null
                ? `${Math.round(s.percent)} %`
                : t.station.status[s.status]}
            </span>
          </li>
        ))}
      </ol>
      {board.error && <p className="board-error">{board.error}</p>}
      {failing.length > 0 && (
        <ul className="failing-checks" aria-label={t.results.failing}>
          {failing.map((c) => (
            <li key={c.id}>
              ✕ {c.label}: {t.results.measured(c.measured, c.expected)}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        {!done && board.status === 'running' && (
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={t.station.cancelBoard(board.port)}
            onClick={() => void api().commission.cancel({ runId, port: board.port })}
          >
            {t.station.cancel}
          </button>
        )}
        {board.status !== 'running' && (
          <>
            <button
              type="button"
              className="btn"
              onClick={() =>
                void api()
                  .sites.certificate({ recordId: board.recordId, format: 'pdf' })
                  .then(saveGenerated)
              }
            >
              {t.results.pdf}
            </button>
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() =>
                void api()
                  .sites.certificate({ recordId: board.recordId, format: 'json' })
                  .then(saveGenerated)
              }
            >
              {t.results.json}
            </button>
          </>
        )}
      </div>
    </li>
  );
}

/**
 * Commission (UI.md §3.11): the plan on the left, the station in the main area (boards, the
 * run's rows with their step trails, the technician's prompts, results and certificates).
 */
import { useEffect, useState } from 'react';
import { useIntent } from '../../actions/intents';
import { api, useConnection } from '../../api/connection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewHeader } from '../../components/ViewHeader';
import { downloadText } from '../../format/download';
import { messages } from '../../messages';
import { useFollowBoards } from '../../state/useFollowBoards';
import { newPlan } from '../../model/commissionPlan';
import { PlanEditor } from './PlanEditor';
import { pickPlanFile, planFileName } from './planFile';
import { RunHistory } from './RunHistory';
import { PromptCards } from './station/PromptCards';
import { RunRows } from './station/RunRows';
import { StationSetup } from './station/StationSetup';
import { useCommission } from '../../state/commission';
import '../../styles/commission.css';

const t = messages.commission;

export function CommissionView() {
  useFollowBoards();
  const usable = useConnection((s) => s.link !== 'no-token');
  const runs = useCommission((s) => s.runs);
  const runId = useCommission((s) => s.runId);
  const draft = useCommission((s) => s.draft);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    if (!usable) return;
    const s = useCommission.getState();
    s.loadPlans().catch(setError);
    s.loadRuns().catch(() => {});
    try {
      return api().on('commission.progress', {}, (e) => useCommission.getState().applyRun(e.run));
    } catch {
      return undefined;
    }
  }, [usable]);

  const importPlan = () =>
    pickPlanFile((plan) => {
      useCommission.setState({ planId: null, draft: plan });
      void useCommission
        .getState()
        .savePlan()
        .then((p) => setNote(t.plan.imported(p.plan.name)), setError);
    }, setError);
  const exportPlan = () =>
    downloadText(planFileName(draft), `${JSON.stringify(draft, null, 2)}\n`, 'application/json');

  useIntent('commission.newPlan', () => useCommission.setState({ planId: null, draft: newPlan() }));
  useIntent('commission.importPlan', importPlan);

  const run = runs.find((r) => r.id === runId) ?? null;
  return (
    <>
      <ViewHeader title={messages.shell.nav.commission}>
        <button
          type="button"
          className="btn"
          onClick={() => useCommission.setState({ planId: null, draft: newPlan() })}
        >
          {t.plan.newPlan}
        </button>
        <button type="button" className="btn" onClick={importPlan}>
          {t.actions.importPlan}
        </button>
        <button type="button" className="btn" onClick={exportPlan}>
          {t.actions.exportPlan}
        </button>
      </ViewHeader>
      {note && (
        <p className="muted commission-note" role="status">
          {note}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <div className="commission-layout">
        <PlanEditor />
        <div className="commission-main">
          {run && <PromptCards run={run} />}
          {run ? <RunRows run={run} /> : <StationSetup />}
          {!run && runs.length === 0 && <EmptyState glyph="◎" title={t.station.empty} />}
          {runs.length > 0 && <RunHistory runs={runs} runId={runId} />}
        </div>
      </div>
    </>
  );
}

/**
 * The station before a run (UI.md §3.11): site, technician, the boards to commission, and Start
 * for the chosen plan.
 */
import { useState } from 'react';
import { api } from '../../../api/connection';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { messages } from '../../../messages';
import { useCommission } from '../../../state/commission';
import { presentPorts, usePorts } from '../../../state/ports';
import { StationPorts } from './StationPorts';

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
      <StationPorts ports={ports} chosen={chosen} onChosen={(c) => set({ chosen: c })} />
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

/** The runs main keeps, newest first: plan · site · boards · ended (●) or running (◐). */
import type { CommissionRunInfo } from '@contract/commissionSchemas';
import { useCommission } from '../../state/commission';

export function RunHistory({
  runs,
  runId,
}: {
  runs: readonly CommissionRunInfo[];
  runId: string | null;
}) {
  return (
    <nav className="run-history" aria-label="Runs">
      {runs.map((r) => (
        <button
          key={r.id}
          type="button"
          className="btn btn-quiet"
          aria-current={r.id === runId ? 'true' : undefined}
          onClick={() => useCommission.getState().set({ runId: r.id })}
        >
          {r.planName} · {r.site} · {r.boards.length} · {r.endedAt ? '●' : '◐'}
        </button>
      ))}
    </nav>
  );
}

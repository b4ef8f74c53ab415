/** After a run: the batch summary as CSV or PDF, and back to the station for another batch. */
import { api } from '../../../api/connection';
import { messages } from '../../../messages';
import { saveGenerated } from '../../../model/commissionPlan';
import { useCommission } from '../../../state/commission';

const t = messages.commission;

export function RunResultActions({ runId }: { runId: string }) {
  const summary = async (format: 'csv' | 'pdf') =>
    saveGenerated(await api().sites.summary({ runId, format }));
  return (
    <div className="toolbar">
      <button type="button" className="btn" onClick={() => void summary('csv')}>
        {t.results.csv}
      </button>
      <button type="button" className="btn" onClick={() => void summary('pdf')}>
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
  );
}

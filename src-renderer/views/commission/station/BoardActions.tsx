/** A board's buttons in a run: Cancel while it runs, its certificate (PDF, JSON) after. */
import type { BoardRunInfo } from '@contract/commissionSchemas';
import { api } from '../../../api/connection';
import { messages } from '../../../messages';
import { saveGenerated } from '../../../model/commissionPlan';

const t = messages.commission;

/** What a board's row and its buttons are given: the run, the board in it, whether the run ended. */
export interface BoardInRun {
  runId: string;
  board: BoardRunInfo;
  done: boolean;
}

export function BoardActions({ runId, board, done }: BoardInRun) {
  const certificate = (format: 'pdf' | 'json') =>
    void api().sites.certificate({ recordId: board.recordId, format }).then(saveGenerated);
  return (
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
          <button type="button" className="btn" onClick={() => certificate('pdf')}>
            {t.results.pdf}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => certificate('json')}>
            {t.results.json}
          </button>
        </>
      )}
    </div>
  );
}

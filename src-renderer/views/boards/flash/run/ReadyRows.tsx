/** Before the job: the chosen boards, each "Ready", and the large Flash N boards button. */
import type { BoardProfile } from '@contract/serialSchemas';
import { ErrorNotice } from '../../../../components/ErrorNotice';
import { messages } from '../../../../messages';
import { boardName } from '../../../../state/ports';
import type { ChosenTarget } from '../flashTargets';

export function ReadyRows({
  chosen,
  boards,
  starting,
  error,
  onStart,
}: {
  chosen: ChosenTarget[];
  boards: readonly BoardProfile[];
  starting: boolean;
  error: unknown;
  onStart: () => void;
}) {
  const t = messages.flash.run;
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
        onClick={onStart}
      >
        {starting ? t.starting : t.start(chosen.length)}
      </button>
      {error ? <ErrorNotice error={error} title={t.startFailed} /> : null}
    </div>
  );
}

/** Save, held back while fields are wrong (saying how many), and what saving answered. */
import { ErrorNotice } from '../../../components/ErrorNotice';
import { messages } from '../../../messages';

const t = messages.commission.plan;

export function PlanSaveBar({
  wrong,
  note,
  error,
  onSave,
}: {
  /** How many fields still say what is wrong with them. */
  wrong: number;
  note: string | null;
  error: unknown;
  onSave: () => void;
}) {
  return (
    <>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={wrong > 0}
          aria-describedby={wrong > 0 ? 'plan-fix-first' : undefined}
          onClick={onSave}
        >
          {t.save}
        </button>
        {wrong > 0 && (
          <span id="plan-fix-first" className="notice-warn small">
            {t.fixFirst(wrong)}
          </span>
        )}
        {note && (
          <span className="muted" role="status">
            {note}
          </span>
        )}
      </div>
      {error !== null && <ErrorNotice error={error} />}
    </>
  );
}

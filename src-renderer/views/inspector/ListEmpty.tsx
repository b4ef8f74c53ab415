/**
 * The inspector's list when it has no row to show: loading; no frame yet (or the one chosen
 * device is offline); or no frame passing the filters, with Clear filters when they narrow.
 */
import { EmptyState } from '../../components/EmptyState';
import { messages } from '../../messages';
import { isNarrowed } from '../../model/inspector/frameFilter';
import { useInspector } from '../../state/inspector';

const t = messages.inspector;

export function ListEmpty({
  loading,
  noFrames,
  offline,
}: {
  loading: boolean;
  /** No frame at all (else: none passing the filters). */
  noFrames: boolean;
  /** The one chosen device, when it is offline. */
  offline: string | null;
}) {
  const filter = useInspector((s) => s.filter);
  const resetFilter = useInspector((s) => s.resetFilter);
  if (noFrames)
    return loading ? (
      <p className="muted inspector-loading">{messages.common.loading}</p>
    ) : (
      <EmptyState title={t.empty.title} glyph="≋">
        <p>{offline !== null ? t.empty.offline(offline) : t.empty.body}</p>
      </EmptyState>
    );
  return (
    <EmptyState title={t.empty.noMatch} glyph="≋">
      <p>{t.empty.noMatchBody}</p>
      {isNarrowed(filter) && (
        <button type="button" className="btn" onClick={resetFilter}>
          {t.filter.clear}
        </button>
      )}
    </EmptyState>
  );
}

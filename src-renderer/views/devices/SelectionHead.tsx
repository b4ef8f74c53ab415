/** The first line of the selection bar: how many devices are ticked (and hidden), Select shown, Clear. */
import { messages } from '../../messages';
import { clearSelection, setSelected } from '../../state/devices';
import { hiddenCount, someShownUnselected } from './selection';

const t = messages.devices.selection;

export function SelectionHead({
  keys,
  shown,
}: {
  /** The ticked devices. */
  keys: readonly string[];
  /** The devices the filters show. */
  shown: readonly string[];
}) {
  const hidden = hiddenCount(keys, shown);
  return (
    <div className="tree-selection-head">
      <p className="tree-selection-count" aria-live="polite">
        <strong>{t.count(keys.length)}</strong>
        {hidden > 0 && <span className="muted"> · {t.hidden(hidden)}</span>}
      </p>
      {someShownUnselected(keys, shown) && (
        <button
          type="button"
          className="tree-selection-link"
          aria-label={t.selectShown}
          onClick={() => setSelected(shown, true)}
        >
          {t.selectShownShort}
        </button>
      )}
      <button
        type="button"
        className="tree-selection-link"
        aria-label={t.clear}
        onClick={clearSelection}
      >
        {t.clearShort}
      </button>
    </div>
  );
}

/** After a re-describe brought a new list: what was added and removed (UI.md §3.2 "On reconnect"). */
import { useState } from 'react';
import { messages } from '../../messages';

const t = messages.device.tab;

/** "Resource list changed: 2 added, 1 removed · Show", after a re-describe brought a new list. */
export function ListChanged({
  added,
  removed,
  dismiss,
}: {
  added: string[];
  removed: string[];
  dismiss: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="rp-changed" role="status">
      <p>
        {t.listChanged(added.length, removed.length)} ·{' '}
        <button type="button" className="btn btn-quiet rp-link" onClick={() => setOpen(!open)}>
          {open ? t.hide : t.show}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          aria-label={messages.common.close}
          onClick={dismiss}
        >
          ✕
        </button>
      </p>
      {open ? (
        <ul className="mono">
          {added.length ? <li>{t.added(added.join(', '))}</li> : null}
          {removed.length ? <li>{t.removed(removed.join(', '))}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

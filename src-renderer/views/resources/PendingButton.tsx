/**
 * A panel's primary button (Run, Send, Refresh) with its pending state in place (UI.md §1
 * "Nothing blocks"): "Running…" while the call is out, Cancel after 2 s. It stays focusable
 * while pending (aria-disabled, not disabled), so focus stays on it after Run (UI.md §5).
 */
import type { Action } from '../../actions/Action';
import { isEnabled } from '../../actions/Action';
import { messages } from '../../messages';
import { CANCEL_AFTER_MS, type Pending } from '../../state/resources';
import { useElapsed } from './hooks';

export function PendingButton({
  action,
  cancel,
  pending,
  pendingLabel,
  primary = true,
}: {
  action: Action;
  cancel: Action;
  pending: Pending | null;
  pendingLabel: string;
  primary?: boolean;
}) {
  const canCancel = useElapsed(pending?.startedAt ?? null, CANCEL_AFTER_MS);
  const enabled = !pending && isEnabled(action);
  return (
    <span className="rp-action">
      <button
        type="button"
        className={primary ? 'btn btn-primary rp-primary' : 'btn rp-secondary'}
        aria-disabled={!enabled}
        aria-busy={pending ? true : undefined}
        onClick={() => enabled && action.perform()}
      >
        {pending ? pendingLabel : action.label}
      </button>
      {pending && canCancel ? (
        <button type="button" className="btn" onClick={cancel.perform}>
          {messages.device.panel.cancel}
        </button>
      ) : null}
    </span>
  );
}

/** A device page button for an action object: disabled while busy or not enabled, with a badge. */
import { isEnabled, type Action } from '../../actions/Action';

export function CommandButton({
  action,
  label,
  busy,
  badge,
}: {
  action: Action;
  label: string;
  busy?: boolean | undefined;
  badge?: number | undefined;
}) {
  return (
    <button
      type="button"
      className="btn"
      disabled={busy || !isEnabled(action)}
      aria-busy={busy || undefined}
      onClick={action.perform}
    >
      {label}
      {badge !== undefined && <span className="dev-badge dev-btn-badge">{badge}</span>}
    </button>
  );
}

/** The Resources tab's one polite live region (UI.md §5). */
import { useResources } from '../../state/resources';

/** The one polite live region: the outcome of the user's own Run or Send (UI.md §5). */
export function Announcer() {
  const text = useResources((s) => s.announcement?.text ?? '');
  const seq = useResources((s) => s.announcement?.seq ?? 0);
  return (
    <div className="visually-hidden" role="status" aria-live="polite">
      <span key={seq}>{text}</span>
    </div>
  );
}

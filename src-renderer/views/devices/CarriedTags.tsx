/**
 * The tags the tree's selection carries, each with how many selected devices carry it and a ×
 * that removes it from them.
 */
import { messages } from '../../messages';
import type { TagCount } from '../../state/deviceTags';

const t = messages.devices.selection;

export function CarriedTags({
  carried,
  busy,
  onRemove,
}: {
  carried: readonly TagCount[];
  busy: boolean;
  onRemove(tag: string): void;
}) {
  if (!carried.length) return null;
  return (
    <ul className="tree-bulk-carried" aria-label={t.carried}>
      {carried.map(({ tag, devices: n }) => (
        <li key={tag} className="device-tag">
          <span>
            {tag} <span className="tree-tag-count">{n}</span>
          </span>
          <button
            type="button"
            className="btn-quiet device-tag-remove"
            aria-label={t.removeTag(tag, n)}
            title={t.removeTag(tag, n)}
            disabled={busy}
            onClick={() => onRemove(tag)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

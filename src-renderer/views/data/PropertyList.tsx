/** The device's properties as toggles (the open one pressed), and New property. */
import type { Property } from '@contract/serverSchemas';
import { messages } from '../../messages';

const t = messages.data;

export function PropertyList({
  list,
  selected,
  onOpen,
}: {
  list: Property[] | null;
  selected: string | null;
  onOpen: (p: Property | null) => void;
}) {
  return (
    <ul className="data-prop-list" aria-label={t.properties}>
      {list?.length === 0 && <li className="muted">{t.noProperties}</li>}
      {list?.map((p) => (
        <li key={p.property}>
          <button
            type="button"
            className="btn btn-quiet data-prop-item mono"
            aria-pressed={p.property === selected}
            onClick={() => onOpen(p)}
          >
            {p.property}
          </button>
        </li>
      ))}
      <li>
        <button type="button" className="btn" onClick={() => onOpen(null)}>
          {t.newProperty}
        </button>
      </li>
    </ul>
  );
}

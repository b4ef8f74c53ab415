/**
 * The rows of an array in a generated form (UI.md §3.2 "Values"): each row with its index and a
 * remove button, and "Add row", which copies the last row's shape (or the template's).
 */
import { messages } from '../../messages';
import { blankLike, pathText, type Value } from '../../model/pson';
import type { ChildInput, Path, ValueInputProps } from './inputProps';

const t = messages.device.form;

export function ArrayRows({
  items,
  template,
  onChange,
  label,
  path,
  disabled,
  onCommit,
  Input,
}: ValueInputProps & { items: Value[]; path: Path; Input: ChildInput }) {
  const rowTemplate = (i: number): Value | undefined =>
    Array.isArray(template) ? (template[i] ?? template[template.length - 1]) : undefined;
  const rowLabel = (i: number): string => `${path.length ? pathText(path) : label}[${i}]`;
  return (
    <div className="pf-rows">
      {items.map((item, i) => (
        <div key={i} className="pf-array-row">
          <span className="pv-index muted mono" aria-hidden="true">
            {i}
          </span>
          <Input
            value={item}
            template={rowTemplate(i)}
            onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))}
            label={rowLabel(i)}
            path={[...path, i]}
            disabled={disabled}
            onCommit={onCommit}
          />
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={t.removeRow(rowLabel(i))}
            disabled={disabled}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="pf-row-actions">
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => {
            const last = items[items.length - 1] ?? rowTemplate(0);
            onChange([...items, last === undefined ? null : blankLike(last)]);
          }}
        >
          {t.addRow}
        </button>
      </div>
    </div>
  );
}

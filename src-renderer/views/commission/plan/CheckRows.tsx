/**
 * One list of plan checks as rows of fields (UI.md §3.11 "Plan"): an optional heading row, each
 * row with its remove button, and an Add button that appends a fresh entry.
 */
import type { ReactNode } from 'react';
import { messages } from '../../../messages';

const t = messages.commission.plan;

export function CheckRows<T>({
  title,
  hint,
  columns,
  items,
  what,
  add,
  onItems,
  row,
}: {
  title: string;
  hint?: string;
  /** Column headings over the rows (text, and the width class of that column's field). */
  columns?: readonly (readonly [string, string?])[];
  items: readonly T[];
  /** "range", "stream": names the remove button of each row. */
  what: string;
  add: { label: string; item: T };
  onItems: (items: T[]) => void;
  row: (item: T, n: number, set: (item: T) => void) => ReactNode;
}) {
  return (
    <div className="check-list">
      <h3 className="small">{title}</h3>
      {hint && <p className="muted small">{hint}</p>}
      {columns && items.length > 0 && (
        // The fields carry their own labels; the headings only show which column is which.
        <div className="check-list-row check-list-head" aria-hidden="true">
          {columns.map(([text, width]) => (
            <span key={text} className={`text-field ${width ?? ''}`}>
              {text}
            </span>
          ))}
          <span className="check-list-remove" />
        </div>
      )}
      {items.map((item, i) => (
        <div className="check-list-row" key={i}>
          {row(item, i + 1, (next) => onItems(items.map((x, j) => (j === i ? next : x))))}
          <button
            type="button"
            className="btn btn-quiet check-list-remove"
            aria-label={t.remove(what, i + 1)}
            onClick={() => onItems(items.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onItems([...items, add.item])}>
        {add.label}
      </button>
    </div>
  );
}

/**
 * Parts of Devices admin's list (UI.md §3.6): what shows instead of the table (skeleton rows after
 * a moment, the read error with Retry, the empty state with Add device), and the bar above it
 * (filter, counts, Delete selected).
 */
import type { Ref } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';

const t = messages.admin;

export function ListPlaceholder({
  loaded,
  skeleton,
  onAdd,
}: {
  /** The list arrived (and is empty); else it is being read or failed. */
  loaded: boolean;
  skeleton: boolean;
  onAdd(): void;
}) {
  const loadError = useAdmin((s) => s.loadError);
  const refresh = useAdmin((s) => s.refresh);
  if (loaded)
    return (
      <EmptyState title={t.empty.title} glyph="◈">
        <p>{t.empty.body}</p>
        <button type="button" className="btn btn-primary" onClick={onAdd}>
          {t.add.action}
        </button>
      </EmptyState>
    );
  if (loadError)
    return (
      <ErrorNotice error={loadError} title={t.table.loadFailed} onRetry={() => void refresh()} />
    );
  return skeleton ? (
    <div className="admin-skeleton" aria-busy="true" aria-label={messages.common.loading}>
      {[0, 1, 2].map((i) => (
        <div key={i} className="admin-skeleton-row" />
      ))}
    </div>
  ) : null;
}

export function TableBar({
  filterField,
  filter,
  onFilter,
  registered,
  online,
  chosen,
  onDeleteChosen,
}: {
  filterField: Ref<HTMLInputElement>;
  filter: string;
  onFilter(text: string): void;
  registered: number;
  online: number;
  chosen: number;
  onDeleteChosen(): void;
}) {
  return (
    <div className="admin-table-bar">
      <input
        ref={filterField}
        type="search"
        className="field admin-filter"
        aria-label={t.table.filter}
        placeholder={t.table.filterPlaceholder}
        value={filter}
        onChange={(e) => onFilter(e.target.value)}
      />
      <span className="muted">{t.table.summary(registered, online)}</span>
      <button
        type="button"
        className="btn btn-danger"
        disabled={chosen === 0}
        onClick={onDeleteChosen}
      >
        {t.remove.selected(chosen)}
      </button>
    </div>
  );
}

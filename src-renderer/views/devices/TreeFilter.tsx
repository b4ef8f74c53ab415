/**
 * Above the tree (UI.md §3.1): the filter box (`/` focuses it, Esc clears it), the All / Online /
 * Offline chips and the sort order.
 */
import type { Ref } from 'react';
import { messages } from '../../messages';
import {
  setFilter,
  setSort,
  setStatusFilter,
  useDevices,
  type SortKey,
  type StatusFilter,
} from '../../state/devices';

const CHIPS: StatusFilter[] = ['all', 'online', 'offline'];
const SORTS: SortKey[] = ['status', 'lastSeen', 'traffic'];

export function TreeFilter({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const filter = useDevices((s) => s.filter);
  const statusFilter = useDevices((s) => s.statusFilter);
  const sort = useDevices((s) => s.sort);
  const t = messages.devices;
  return (
    <div className="tree-filter">
      <div className="tree-filter-box">
        <input
          ref={inputRef}
          type="search"
          className="field"
          aria-label={t.filter.label}
          placeholder={t.filter.placeholder}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter) {
              setFilter('');
              e.preventDefault();
            }
          }}
        />
        <kbd className="tree-filter-key" aria-hidden="true">
          /
        </kbd>
      </div>
      <div className="row tree-filter-row">
        <div role="group" aria-label={t.chips.label} className="dev-chips">
          {CHIPS.map((c) => (
            <button
              key={c}
              type="button"
              className="dev-chip-toggle"
              aria-pressed={statusFilter === c}
              onClick={() => setStatusFilter(c)}
            >
              {t.chips[c]}
            </button>
          ))}
        </div>
        <select
          className="field tree-sort"
          aria-label={t.sort.label}
          value={sort}
          onChange={(e) => setSort(e.target.value as SortKey)}
        >
          {SORTS.map((k) => (
            <option key={k} value={k}>
              {t.sort[k]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

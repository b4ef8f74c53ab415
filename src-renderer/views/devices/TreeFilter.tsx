/**
 * Above the tree (UI.md §3.1): the filter box (`/` focuses it, Esc clears it) with the All / Online /
 * Offline chips beside it; under them the sort order and the grouping (by user or by tag) sharing
 * one line edge to edge; then the tags in use (one picked keeps the devices carrying it). Two lines
 * at the tree's usual width (issue 16: it took three, the selects indented on their own line).
 */
import { useMemo, type Ref } from 'react';
import { messages } from '../../messages';
import {
  setFilter,
  setGroupBy,
  setSort,
  setStatusFilter,
  useDevices,
  type GroupBy,
  type SortKey,
  type StatusFilter,
} from '../../state/devices';
import { setTagFilter, tagCounts } from '../../state/deviceTags';
import { inspectorHref } from '../../navigation/inspectorLink';

const CHIPS: StatusFilter[] = ['all', 'online', 'offline'];
const SORTS: SortKey[] = ['status', 'lastSeen', 'traffic'];
const GROUPINGS: GroupBy[] = ['user', 'tag'];

export function TreeFilter({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const filter = useDevices((s) => s.filter);
  const statusFilter = useDevices((s) => s.statusFilter);
  const sort = useDevices((s) => s.sort);
  const groupBy = useDevices((s) => s.groupBy);
  const t = messages.devices;
  return (
    <div className="tree-filter">
      <div className="tree-filter-line">
        <div className="tree-filter-box">
          <input
            ref={inputRef}
            type="search"
            className="field"
            aria-label={t.filter.label}
            placeholder={t.filter.placeholder}
            title={t.filter.hint}
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
      </div>
      <div className="tree-filter-selects">
        <select
          className="field"
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
        <select
          className="field"
          aria-label={t.groupBy.label}
          value={groupBy}
          onChange={(e) => setGroupBy(e.target.value as GroupBy)}
        >
          {GROUPINGS.map((k) => (
            <option key={k} value={k}>
              {t.groupBy[k]}
            </option>
          ))}
        </select>
      </div>
      <TagChips />
    </div>
  );
}

/** The tags in use as toggles; with one picked, what can be done with its devices. */
function TagChips() {
  const devices = useDevices((s) => s.devices);
  const tagFilter = useDevices((s) => s.tagFilter);
  const tags = useMemo(() => tagCounts(devices), [devices]);
  const t = messages.devices.tags;
  if (!tags.length && tagFilter === null) return null;
  const picked = tags.find((x) => x.tag === tagFilter);
  const keys = picked
    ? Object.values(devices)
        .filter((d) => d.tags?.includes(picked.tag))
        .map((d) => d.key)
    : [];
  return (
    <>
      <div role="group" aria-label={t.filterLabel} className="tree-tags">
        {tags.map(({ tag, devices: n }) => (
          <button
            key={tag}
            type="button"
            className="tree-tag"
            aria-pressed={tag === tagFilter}
            onClick={() => setTagFilter(tag === tagFilter ? null : tag)}
          >
            {tag} <span className="tree-tag-count">{n}</span>
          </button>
        ))}
      </div>
      {picked && (
        <p className="tree-tag-selection muted">
          {t.selection(picked.devices, picked.tag)} · <a href={inspectorHref(keys)}>{t.inspect}</a>{' '}
          ·{' '}
          <button type="button" onClick={() => setTagFilter(null)}>
            {t.clear}
          </button>
        </p>
      )}
    </>
  );
}

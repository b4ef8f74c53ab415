/**
 * The inspector's filters on one line (UI.md §3.5; issue 16: one line at 1280 px): devices, ONE
 * Find/Filter box over the decoded fields (`/` and Mod+F both focus it; with "Only matching rows"
 * it filters, without it the rows stay and the matches are marked; Enter and ↑ ↓ step through
 * the matches either way), the Filters menu (direction, Errors only, message types) and the count.
 */
import type { Ref } from 'react';
import { messages } from '../../messages';
import { useInspector } from '../../state/inspector';
import { DevicePicker, type PickerDevice } from './DevicePicker';
import { FilterMenu } from './FilterMenu';
import type { TypeChip } from '../../model/inspector/frameRow';

const t = messages.inspector;

/** Where the selection stands among the matches of the box's text. */
export interface FindState {
  /** 1-based position of the selected row among the matches; 0 when it is not one. */
  at: number;
  total: number;
  onStep(step: 1 | -1): void;
  /** Only matching rows are shown (filter); false: all rows, matches marked (find). */
  onlyMatching: boolean;
  onOnlyMatching(on: boolean): void;
}

const STEPS = [
  { step: -1, glyph: '↑', label: t.find.previous },
  { step: 1, glyph: '↓', label: t.find.next },
] as const;

export function FilterBar({
  devices,
  selection,
  counts,
  shown,
  total,
  filterInput,
  find,
}: {
  devices: readonly PickerDevice[];
  selection: readonly string[];
  counts: Record<TypeChip, number>;
  shown: number;
  total: number;
  filterInput: Ref<HTMLInputElement>;
  find: FindState;
}) {
  // "All devices" follows a bounded number on a large site: the picker then says how many.
  const capped = useInspector((s) => s.capped);
  const followedCount = useInspector((s) => s.followed.length);
  const followed = capped ? followedCount : devices.length;
  const text = useInspector((s) => s.filter.text);
  const setFilter = useInspector((s) => s.setFilter);

  return (
    <div className="inspector-filters">
      <DevicePicker devices={devices} selection={selection} followed={followed} />
      <input
        ref={filterInput}
        type="search"
        className="field filter-text"
        aria-label={t.filter.label}
        placeholder={t.filter.placeholder}
        value={text}
        onChange={(e) => setFilter({ text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.stopPropagation();
            setFilter({ text: '' });
          } else if (e.key === 'Enter') {
            e.preventDefault();
            find.onStep(e.shiftKey ? -1 : 1);
          }
        }}
      />
      <span className="muted find-count" aria-live="polite">
        {text.trim() ? t.find.matches(find.at, find.total) : ''}
      </span>
      {STEPS.map(({ step, glyph, label }) => (
        <button
          key={step}
          type="button"
          className="btn find-step"
          aria-label={label}
          title={label}
          disabled={find.total === 0}
          onClick={() => find.onStep(step)}
        >
          {glyph}
        </button>
      ))}
      <label className="check">
        <input
          type="checkbox"
          checked={find.onlyMatching}
          onChange={(e) => find.onOnlyMatching(e.target.checked)}
        />
        {t.filter.onlyMatching}
      </label>
      <FilterMenu counts={counts} />
      <span className="muted filter-count" aria-live="off">
        {t.counts(shown, total)}
      </span>
    </div>
  );
}

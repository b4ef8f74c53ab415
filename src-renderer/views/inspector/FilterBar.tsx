/**
 * The inspector's filters (UI.md §3.5): devices, direction, ONE Find/Filter box over the decoded
 * fields (`/` and Mod+F both focus it; with "Only matching rows" it filters, without it the rows
 * stay and the matches are marked; Enter and ↑ ↓ step through the matches either way), Errors
 * only, and one chip per message type with its count (KEEP_ALIVE starts hidden).
 */
import type { Ref } from 'react';
import { messages } from '../../messages';
import { useInspector } from '../../state/inspector';
import { DevicePicker, type PickerDevice } from './DevicePicker';
import type { DirectionFilter } from '../../model/inspector/frameFilter';
import { TYPE_CHIPS, type TypeChip } from '../../model/inspector/frameRow';

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
  const filter = useInspector((s) => s.filter);
  const setFilter = useInspector((s) => s.setFilter);
  const toggleType = useInspector((s) => s.toggleType);

  return (
    <div className="inspector-filters">
      <div className="row filter-row">
        <DevicePicker devices={devices} selection={selection} followed={followed} />
        <select
          className="field"
          aria-label={t.direction.label}
          value={filter.direction}
          onChange={(e) => setFilter({ direction: e.target.value as DirectionFilter })}
        >
          <option value="all">{t.direction.all}</option>
          <option value="out">{t.direction.out}</option>
          <option value="in">{t.direction.in}</option>
        </select>
        <input
          ref={filterInput}
          type="search"
          className="field filter-text"
          aria-label={t.filter.label}
          placeholder={t.filter.placeholder}
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter.text) {
              e.stopPropagation();
              setFilter({ text: '' });
            } else if (e.key === 'Enter') {
              e.preventDefault();
              find.onStep(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <span className="muted find-count" aria-live="polite">
          {filter.text.trim() ? t.find.matches(find.at, find.total) : ''}
        </span>
        {STEPS.map(({ step, glyph, label }) => (
          <button
            key={step}
            type="button"
            className="btn"
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
        <label className="check">
          <input
            type="checkbox"
            checked={filter.errorsOnly}
            onChange={(e) => setFilter({ errorsOnly: e.target.checked })}
          />
          {t.filter.errorsOnly}
        </label>
        <span className="muted filter-count" aria-live="off">
          {t.counts(shown, total)}
        </span>
      </div>
      <div className="type-chips" role="group" aria-label={t.filter.types}>
        {TYPE_CHIPS.map((chip) => {
          const on = !filter.hiddenTypes.includes(chip);
          // Types the spec does not define are rare: their chip shows only when there are some.
          if (chip === 'OTHER' && on && counts.OTHER === 0) return null;
          return (
            <button
              key={chip}
              type="button"
              className={`chip${on ? ' is-on' : ''}`}
              aria-pressed={on}
              aria-label={t.filter.chip(chip === 'OTHER' ? t.filter.other : chip, counts[chip], on)}
              title={t.filter.chip(chip === 'OTHER' ? t.filter.other : chip, counts[chip], on)}
              onClick={() => toggleType(chip)}
            >
              <span className="chip-name">{chip === 'OTHER' ? t.filter.other : chip}</span>
              <span className="chip-count">{counts[chip]}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

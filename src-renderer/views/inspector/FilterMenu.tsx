/**
 * The inspector's Filters button and its panel (UI.md §3.5, issue 16: the toolbar stays one line
 * at 1280 px): direction, Errors only, and one chip per message type with its count
 * (KEEP_ALIVE starts hidden). The button says how many filters narrow the list.
 */
import { usePopover } from '../../components/usePopover';
import { messages } from '../../messages';
import type { DirectionFilter } from '../../model/inspector/frameFilter';
import { TYPE_CHIPS, type TypeChip } from '../../model/inspector/frameRow';
import { useInspector } from '../../state/inspector';

const t = messages.inspector;

export function FilterMenu({ counts }: { counts: Record<TypeChip, number> }) {
  const { open, setOpen, root, onKeyDown } = usePopover();
  const filter = useInspector((s) => s.filter);
  const setFilter = useInspector((s) => s.setFilter);
  const toggleType = useInspector((s) => s.toggleType);
  const on =
    filter.hiddenTypes.length + (filter.direction === 'all' ? 0 : 1) + (filter.errorsOnly ? 1 : 0);

  return (
    <div className="filter-menu" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={t.filter.menuLabel(on)}
        onClick={() => setOpen(!open)}
      >
        {t.filter.menu}
        {on > 0 && (
          <span className="nav-badge" aria-hidden="true">
            {on}
          </span>
        )}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <fieldset className="filter-menu-panel" aria-label={t.filter.menu}>
          <div className="row">
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
            <label className="check">
              <input
                type="checkbox"
                checked={filter.errorsOnly}
                onChange={(e) => setFilter({ errorsOnly: e.target.checked })}
              />
              {t.filter.errorsOnly}
            </label>
          </div>
          <div className="type-chips" role="group" aria-label={t.filter.types}>
            {TYPE_CHIPS.map((chip) => {
              const shown = !filter.hiddenTypes.includes(chip);
              // Types the spec does not define are rare: their chip shows only when there are some.
              if (chip === 'OTHER' && shown && counts.OTHER === 0) return null;
              const name = chip === 'OTHER' ? t.filter.other : chip;
              return (
                <button
                  key={chip}
                  type="button"
                  className={`chip${shown ? ' is-on' : ''}`}
                  aria-pressed={shown}
                  aria-label={t.filter.chip(name, counts[chip], shown)}
                  title={t.filter.chip(name, counts[chip], shown)}
                  onClick={() => toggleType(chip)}
                >
                  <span className="chip-name">{name}</span>
                  <span className="chip-count">{counts[chip]}</span>
                </button>
              );
            })}
          </div>
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t.filter.menuDone}
          </button>
        </fieldset>
      )}
    </div>
  );
}

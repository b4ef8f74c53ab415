/**
 * A panel's menu (UI.md §3.2 "Panel anatomy"): a button that opens a `menu` of the panel's
 * actions. Arrow keys move, Esc closes and returns focus to the button, a click elsewhere closes
 * (`useMenu`).
 */
import { isEnabled, type Action } from '../../actions/Action';
import { useMenu } from './useMenu';

export interface MenuEntry {
  action: Action;
  /** A checkable entry ("Ask before changing"). */
  checked?: boolean;
}

function MenuItem({ action, checked, close }: MenuEntry & { close: () => void }) {
  const enabled = isEnabled(action);
  return (
    <button
      type="button"
      role={checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
      aria-checked={checked}
      aria-disabled={!enabled}
      tabIndex={-1}
      className="menu-item rp-menu-item"
      onClick={() => {
        if (!enabled) return;
        close();
        action.perform();
      }}
    >
      <span className="rp-menu-check" aria-hidden="true">
        {checked ? '✓' : ''}
      </span>
      {action.label}
    </button>
  );
}

export function PanelMenu({ label, entries }: { label: string; entries: readonly MenuEntry[] }) {
  const { open, toggle, close, button, menu, onKeyDown } = useMenu();
  return (
    <span className="rp-menu">
      <button
        ref={button}
        type="button"
        className="btn btn-quiet rp-menu-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={toggle}
      >
        ⋯
      </button>
      {open ? (
        <div
          ref={menu}
          role="menu"
          aria-label={label}
          className="rp-menu-list"
          onKeyDown={onKeyDown}
        >
          {entries.map((entry) => (
            <MenuItem key={entry.action.id} {...entry} close={close} />
          ))}
        </div>
      ) : null}
    </span>
  );
}

/**
 * A panel's menu (UI.md §3.2 "Panel anatomy"): a button that opens a `menu` of the panel's
 * actions. Arrow keys move, Esc closes and returns focus to the button, a click elsewhere closes.
 */
import { useEffect, useRef, useState } from 'react';
import { isEnabled, type Action } from '../../actions/Action';

export interface MenuEntry {
  action: Action;
  /** A checkable entry ("Ask before changing"). */
  checked?: boolean;
}

export function PanelMenu({ label, entries }: { label: string; entries: readonly MenuEntry[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current
      ?.querySelector<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])')
      ?.focus();
    const onPointer = (e: PointerEvent): void => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  const move = (delta: number): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    items[(i + delta + items.length) % items.length]?.focus();
  };

  return (
    <span className="rp-menu">
      <button
        ref={button}
        type="button"
        className="btn btn-quiet rp-menu-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open ? (
        <div
          ref={menu}
          role="menu"
          aria-label={label}
          className="rp-menu-list"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              close();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              move(e.key === 'ArrowDown' ? 1 : -1);
            } else if (e.key === 'Tab') setOpen(false);
          }}
        >
          {entries.map(({ action, checked }) => {
            const enabled = isEnabled(action);
            return (
              <button
                key={action.id}
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
          })}
        </div>
      ) : null}
    </span>
  );
}

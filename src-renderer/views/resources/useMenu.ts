/**
 * The open/closed state of a panel's menu and its keyboard (UI.md §3.2 "Panel anatomy"): on
 * opening, the first enabled item takes focus; arrow keys move round the items; Esc closes and
 * gives focus back to the button; Tab or a click elsewhere closes.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

const ITEMS = '[role^="menuitem"]';

export function useMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>(`${ITEMS}:not([aria-disabled="true"])`)?.focus();
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
    const items = [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    items[(i + delta + items.length) % items.length]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Tab') setOpen(false);
  };
  return { open, toggle: () => setOpen(!open), close, button, menu, onKeyDown };
}

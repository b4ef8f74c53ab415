/**
 * A menu's keyboard and focus (WAI-ARIA menu pattern): one item focusable at a time; arrows move
 * round, Home/End jump, Esc or Tab closes, and so does a pointer press outside the menu.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useClickAway } from '../../components/useClickAway';

export interface RovingMenu {
  /** The focused item. */
  index: number;
  setIndex(i: number): void;
  menuRef: RefObject<HTMLDivElement | null>;
  onKeyDown(e: KeyboardEvent): void;
}

/** The item a key moves to among `n` from `i`, 'close', or null when the key is not the menu's. */
export function menuKeyStep(key: string, i: number, n: number): number | 'close' | null {
  switch (key) {
    case 'ArrowDown':
      return (i + 1) % n;
    case 'ArrowUp':
      return (i - 1 + n) % n;
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    case 'Escape':
    case 'Tab':
      return 'close';
    default:
      return null;
  }
}

export function useRovingMenu(n: number, onClose: () => void): RovingMenu {
  const [index, setIndex] = useState(0);
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[index]?.focus();
  }, [index]);
  useClickAway(menuRef, true, onClose);

  const onKeyDown = (e: KeyboardEvent): void => {
    const step = menuKeyStep(e.key, index, n);
    if (step === null) return;
    if (step === 'close') onClose();
    else setIndex(step);
    e.preventDefault();
    e.stopPropagation();
  };
  return { index, setIndex, menuRef, onKeyDown };
}

/**
 * A button's pop-over panel: open or closed; a pointer press outside the root closes it, and
 * Escape inside it closes it without reaching the view's own Escape handling.
 */
import { useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useClickAway } from './useClickAway';

export interface Popover {
  open: boolean;
  setOpen(open: boolean): void;
  /** The element holding the button and the panel. */
  root: RefObject<HTMLDivElement | null>;
  /** The root's keydown handler (Escape). */
  onKeyDown(e: KeyboardEvent): void;
}

export function usePopover(): Popover {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useClickAway(root, open, () => setOpen(false));
  return {
    open,
    setOpen,
    root,
    onKeyDown: (e) => {
      if (e.key === 'Escape' && open) {
        e.stopPropagation();
        setOpen(false);
      }
    },
  };
}

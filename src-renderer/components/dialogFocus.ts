/**
 * Focus for modal dialogs (UI.md §5): moved in on open (onto `[data-autofocus]`, else the first
 * focusable), kept inside while open (Tab and Shift+Tab wrap), and given back on close.
 */
import { useEffect, type KeyboardEvent, type RefObject } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const focusables = (root: HTMLElement): HTMLElement[] =>
  [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));

/**
 * What each open dialog gives focus back to. A dialog opened from inside another (the credential
 * shown once, replacing the add form) inherits the outer one's, since the outer one goes away.
 */
const returnTo = new WeakMap<Element, HTMLElement | null>();

/** Moves focus into the dialog `box` once it is open, and back out when it closes. */
export function useDialogFocus(box: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const outer = active?.closest('[role="dialog"]');
    const previous = outer && returnTo.has(outer) ? (returnTo.get(outer) ?? null) : active;
    const root = box.current;
    if (!root) return;
    returnTo.set(root, previous);
    const first = root.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(root)[0];
    (first ?? root).focus();
    return () => {
      // Focus already in another open dialog stays there.
      const now = document.activeElement;
      if (now && now !== document.body && now.closest('[role="dialog"]') && !root.contains(now))
        return;
      // Back to what opened the dialog; when that is gone (a deleted row), to the view's fallback.
      if (previous?.isConnected) previous.focus();
      else document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
    };
  }, [box]);
}

/** Tab from the last focusable goes to the first, Shift+Tab from the first to the last. */
export function trapTab(e: KeyboardEvent, root: HTMLElement | null): void {
  const list = root ? focusables(root) : [];
  const first = list[0];
  const last = list.at(-1);
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (e.shiftKey && (active === first || active === root)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog as UI.md §5 wants it: `dialog` role with aria-modal, named after its title,
 * focus moved in on open, trapped while open (Tab and Shift+Tab wrap) and given back on close.
 * Esc and the close button both go through `onClose`, so a dialog can ask before closing. A click
 * outside does nothing: an admin dialog may hold something that cannot be shown again.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { messages } from '../messages';
import './dialog.css';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const focusables = (root: HTMLElement): HTMLElement[] =>
  [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));

/**
 * What each open dialog gives focus back to. A dialog opened from inside another (the credential
 * shown once, replacing the add form) inherits the outer one's, since the outer one goes away.
 */
const returnTo = new WeakMap<Element, HTMLElement | null>();

export function Dialog({
  title,
  onClose,
  children,
  wide = false,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();

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
  }, []);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const root = box.current;
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
  };

  return createPortal(
    <div className="overlay">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={`dialog admin-dialog${wide ? ' admin-dialog-wide' : ''}`}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <header className="admin-dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={messages.common.close}
            onClick={onClose}
          >
            ✕
          </button>
        </header>
        {children}
      </div>
    </div>,
    document.body,
  );
}

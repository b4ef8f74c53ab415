/**
 * A modal dialog as UI.md §5 wants it: `dialog` role with aria-modal, named after its title,
 * focus moved in on open, trapped while open (Tab and Shift+Tab wrap) and given back on close.
 * Esc and the close button both go through `onClose`, so a dialog can ask before closing. A click
 * outside does nothing: an admin dialog may hold something that cannot be shown again. Focus:
 * dialogFocus.
 */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { messages } from '../messages';
import { trapTab, useDialogFocus } from './dialogFocus';
import './dialog.css';

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

  useDialogFocus(box);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key === 'Tab') trapTab(e, box.current);
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

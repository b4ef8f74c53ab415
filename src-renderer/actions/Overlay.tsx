/** A light modal over the shell (palette, shortcut sheet): a click outside or the caller's keys close it. */
import type { KeyboardEvent, ReactNode } from 'react';

export function Overlay({
  label,
  className,
  onClose,
  onKeyDown,
  children,
}: {
  label: string;
  className: string;
  onClose: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
  children: ReactNode;
}) {
  return (
    <div className="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className={className}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}

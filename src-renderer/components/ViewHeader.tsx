/** A view's header: its `h1` (equal to the navigation label, UI.md §5) and its toolbar. */
import type { ReactNode } from 'react';

export function ViewHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="view-header">
      <h1>{title}</h1>
      {children ? <div className="toolbar">{children}</div> : null}
    </header>
  );
}

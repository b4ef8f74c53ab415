/** What to do next when a view has nothing to show (UI.md §1: empty states say the next step). */
import type { ReactNode } from 'react';

export function EmptyState({
  glyph = '○',
  title,
  children,
}: {
  glyph?: string;
  title: string;
  children?: ReactNode;
}) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-glyph" aria-hidden="true">
        {glyph}
      </div>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

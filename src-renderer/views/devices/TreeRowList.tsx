/** The device tree's rows: all of them, or (virtualised, useTreeScroll) only those in view. */
import type { CSSProperties, ReactNode } from 'react';
import type { TreeScroll } from './useTreeScroll';
import type { TreeRow } from './treeRows';

export function TreeRowList({
  rows,
  virtualizer,
  renderRow,
}: {
  rows: readonly TreeRow[];
  virtualizer: TreeScroll['virtualizer'];
  renderRow(row: TreeRow, style?: CSSProperties): ReactNode;
}) {
  if (!virtualizer) return <>{rows.map((r) => renderRow(r))}</>;
  return (
    <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {virtualizer.getVirtualItems().map((v) => {
        const row = rows[v.index];
        if (!row) return null;
        return renderRow(row, {
          position: 'absolute',
          top: 0,
          left: 0,
          right: 0,
          transform: `translateY(${v.start}px)`,
        });
      })}
    </div>
  );
}

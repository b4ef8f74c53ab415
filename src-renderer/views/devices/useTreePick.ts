/**
 * A click on a row of the device tree: focuses the tree, makes the row the active one, then ticks,
 * expands/collapses or opens it (clickIntent).
 */
import { useCallback, useEffect, useRef, type MouseEvent, type RefObject } from 'react';
import { activate, clickIntent, expandable, setRowExpanded, tick } from './treeCommands';
import { deviceOrder, type TreeRow } from './treeRows';

export function useTreePick(
  rows: readonly TreeRow[],
  treeRef: RefObject<HTMLDivElement | null>,
  setActiveId: (id: string) => void,
): (row: TreeRow, e: MouseEvent) => void {
  // Read by the memoised callback, so a row does not re-render for every new row list.
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  return useCallback(
    (row: TreeRow, e: MouseEvent) => {
      treeRef.current?.focus({ preventScroll: true });
      setActiveId(row.id);
      const target = e.target as HTMLElement;
      const intent = clickIntent(row, {
        onBox: target.closest('.tree-check') !== null,
        onTwisty: target.closest('.tree-twisty') !== null,
        mod: e.ctrlKey || e.metaKey,
        shift: e.shiftKey,
      });
      if (intent === 'tick') tick(row, e.shiftKey, deviceOrder(rowsRef.current));
      else if (intent === 'toggle' && expandable(row)) setRowExpanded(row, !row.expanded);
      else activate(row);
    },
    [treeRef, setActiveId],
  );
}

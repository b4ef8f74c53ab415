/**
 * The device tree's active row (the one `aria-activedescendant` names and the keys act on): the
 * one last moved to or clicked, else the open device's row, else the first.
 */
import { useState } from 'react';
import type { TreeRow } from './treeRows';

export interface ActiveRow {
  active: TreeRow | undefined;
  activeIndex: number;
  setActiveId(id: string): void;
  /** Makes row `i` (clamped to the list) active and brings it on screen. */
  moveTo(i: number): void;
}

/** Whether `r` is the row of the device whose page is open. */
export const isOpenRow = (r: TreeRow, openKey: string | null): boolean =>
  r.kind === 'device' && r.key === openKey;

/** The index of the active row: `activeId`'s, else the open device's, else 0. */
export function activeIndexOf(
  rows: readonly TreeRow[],
  activeId: string | null,
  openKey: string | null,
): number {
  const i = rows.findIndex((r) => r.id === activeId);
  return i >= 0
    ? i
    : Math.max(
        0,
        rows.findIndex((r) => isOpenRow(r, openKey)),
      );
}

export function useActiveRow(
  rows: readonly TreeRow[],
  openKey: string | null,
  reveal: (i: number) => void,
): ActiveRow {
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeIndex = activeIndexOf(rows, activeId, openKey);
  return {
    active: rows[activeIndex],
    activeIndex,
    setActiveId,
    moveTo: (i) => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (!row) return;
      reveal(rows.indexOf(row));
      setActiveId(row.id);
    },
  };
}

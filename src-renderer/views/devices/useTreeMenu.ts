/**
 * The device tree's context menu: a right click opens it where the pointer is, the menu key
 * (or Shift+F10) under the active row; groups have none.
 */
import { useCallback, useState, type MouseEvent } from 'react';
import type { MenuAnchor } from './DeviceMenu';
import { rowDomId } from './treeRowParts';
import type { TreeRow } from './treeRows';

export interface TreeMenu {
  menu: MenuAnchor | null;
  closeMenu(): void;
  /** Opens the menu under a row (from the keyboard). */
  menuAtRow(row: TreeRow): void;
  /** A row's contextmenu event. */
  onMenu(row: TreeRow, e: MouseEvent): void;
}

export function useTreeMenu(setActiveId: (id: string) => void): TreeMenu {
  const [menu, setMenu] = useState<MenuAnchor | null>(null);

  const openMenu = useCallback(
    (row: TreeRow, at: { x: number; y: number }): void => {
      if (row.kind === 'group') return;
      setActiveId(row.id);
      setMenu({ key: row.key, x: at.x, y: at.y });
    },
    [setActiveId],
  );

  const menuAtRow = (row: TreeRow): void => {
    const el = document.getElementById(rowDomId(row.id));
    const box = el?.getBoundingClientRect();
    openMenu(row, box ? { x: box.left + 24, y: box.bottom } : { x: 0, y: 0 });
  };

  const onMenu = useCallback(
    (row: TreeRow, e: MouseEvent) => {
      e.preventDefault();
      openMenu(row, { x: e.clientX, y: e.clientY });
    },
    [openMenu],
  );

  return { menu, closeMenu: () => setMenu(null), menuAtRow, onMenu };
}

/**
 * The device tree's keyboard (UI.md §3.1, §5), on the `tree` element with
 * `aria-activedescendant`: arrows move, Home/End jump, Right/Left expand and collapse (or move to
 * the child or parent), Enter opens, the menu key or Shift+F10 opens the device menu. The
 * multi-selection (issue 16): Space ticks the row (a group: all its devices), Shift+Space ticks
 * the range from the last one ticked, Shift+Up/Down move and extend it, Ctrl/⌘+A ticks every
 * device shown, Esc clears it.
 */
import { at } from '@contract/present';
import type { KeyboardEvent } from 'react';
import { clearSelection, setSelected, useDevices } from '../../state/devices';
import { activate, expandable, setRowExpanded, tick } from './treeCommands';
import { LEVEL } from './treeRowParts';
import { deviceOrder, type TreeRow } from './treeRows';

export function treeKeyHandler(p: {
  rows: readonly TreeRow[];
  activeIndex: number;
  moveTo(i: number): void;
  menuAtRow(row: TreeRow): void;
}): (e: KeyboardEvent) => void {
  const { rows, activeIndex, moveTo } = p;
  const active = rows[activeIndex];
  const extendTo = (i: number): void => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    moveTo(i);
    if (row?.kind === 'device') tick(row, true, deviceOrder(rows));
  };
  return (e) => {
    if (!active) return;
    const level = LEVEL[active.kind];
    switch (e.key) {
      case 'ArrowDown':
        if (e.shiftKey) extendTo(activeIndex + 1);
        else moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        if (e.shiftKey) extendTo(activeIndex - 1);
        else moveTo(activeIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (expandable(active) && !active.expanded) setRowExpanded(active, true);
        else if (expandable(active)) moveTo(activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (expandable(active) && active.expanded) setRowExpanded(active, false);
        else {
          for (let i = activeIndex - 1; i >= 0; i--)
            if (LEVEL[at(rows, i, 'tree row').kind] < level) {
              moveTo(i);
              break;
            }
        }
        break;
      case 'Enter':
        activate(active);
        break;
      case ' ':
        if (!tick(active, e.shiftKey, deviceOrder(rows))) return;
        break;
      case 'a':
      case 'A':
        if (!(e.ctrlKey || e.metaKey)) return;
        setSelected(
          deviceOrder(rows).map((r) => r.key),
          true,
        );
        break;
      case 'Escape':
        if (!Object.keys(useDevices.getState().selection).length) return;
        clearSelection();
        break;
      case 'ContextMenu':
        p.menuAtRow(active);
        break;
      case 'F10':
        if (!e.shiftKey) return;
        p.menuAtRow(active);
        break;
      default:
        return;
    }
    e.preventDefault();
  };
}

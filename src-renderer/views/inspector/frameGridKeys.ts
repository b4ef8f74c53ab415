/**
 * Keyboard moves in the frame list: arrows, Page Up/Down (the list's height less one row), Home and
 * End move the selection; a move upwards leaves the bottom (pauses live), like scrolling up.
 */
import type { KeyboardEvent } from 'react';
import type { FrameRow } from '../../model/inspector/frameRow';

export interface FrameGridKeys {
  rows: readonly FrameRow[];
  selectedIndex: number;
  /** Rows that fit in the list now. */
  rowsShown(): number;
  onSelect(id: string): void;
  onLeaveBottom(): void;
}

export function frameGridKeyHandler(g: FrameGridKeys): (e: KeyboardEvent) => void {
  const { rows, selectedIndex } = g;
  const move = (to: number): void => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (row) g.onSelect(row.id);
  };
  return (e) => {
    const at = selectedIndex < 0 ? rows.length : selectedIndex;
    const page = Math.max(1, g.rowsShown() - 1);
    if (e.key === 'ArrowDown') move(selectedIndex < 0 ? rows.length - 1 : at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'PageDown') move(at + page);
    else if (e.key === 'PageUp') move(at - page);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else return;
    e.preventDefault();
    if (e.key !== 'End' && e.key !== 'ArrowDown' && e.key !== 'PageDown') g.onLeaveBottom();
  };
}

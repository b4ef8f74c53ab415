/**
 * The frame list (UI.md §3.5): a virtualised `grid` whose rows are frames. While live it stays at
 * the bottom as batches arrive; scrolling up (wheel, keys, scrollbar) tells the owner to pause.
 * Arrow keys, Page Up/Down, Home and End move the selection (frameGridKeys); each row is a
 * FrameGridRow, and only the rows in view are rendered (useFrameVirtualizer).
 */
import { at } from '@contract/present';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { messages } from '../../messages';
import type { FrameRow } from '../../model/inspector/frameRow';
import { frameGridKeyHandler } from './frameGridKeys';
import { FrameGridHead } from './FrameGridHead';
import { FrameGridRow, rowDomId } from './FrameGridRow';
import { useFrameRowHeight } from './useFrameRowHeight';
import { useFrameVirtualizer } from './useFrameVirtualizer';

const t = messages.inspector;

export interface FrameGridProps {
  rows: readonly FrameRow[];
  selectedId: string | null;
  /** The selected frame's request or answer. */
  pairedId: string | null;
  /** Rows matching Find. */
  marked: ReadonlySet<string>;
  live: boolean;
  onSelect(id: string): void;
  /** The user scrolled away from the bottom. */
  onLeaveBottom(): void;
  /** The user scrolled back to the bottom. */
  onReachBottom(): void;
}

export function FrameGrid(props: FrameGridProps) {
  const { rows, selectedId, pairedId, marked, live, onSelect, onLeaveBottom, onReachBottom } =
    props;
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useFrameRowHeight();
  const virtualizer = useFrameVirtualizer(rows, scroller, rowHeight);
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);

  // Follow mode: each batch keeps the newest row in view.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (live && el) el.scrollTop = el.scrollHeight;
  }, [live, rows]);

  // A newly selected frame (click, keys, Find, "Show" answer) scrolls into view; only a new
  // selection does: while live, trimming moves its index, and that must not fight follow mode.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (selectedId === scrolledTo.current) return;
    scrolledTo.current = selectedId;
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex, virtualizer]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= rowHeight / 2;
    if (atBottom) onReachBottom();
    else onLeaveBottom();
  };

  const onKeyDown = (e: KeyboardEvent): void =>
    frameGridKeyHandler({
      rows,
      selectedIndex,
      rowsShown: () => Math.floor((scroller.current?.clientHeight ?? 0) / rowHeight),
      onSelect,
      onLeaveBottom,
    })(e);

  const items = virtualizer.getVirtualItems();
  const activeRendered = items.some((i) => i.index === selectedIndex);
  return (
    <div
      role="grid"
      className="frame-grid"
      aria-label={t.gridLabel}
      aria-rowcount={rows.length + 1}
      aria-multiselectable="false"
      tabIndex={0}
      aria-activedescendant={activeRendered ? rowDomId(selectedIndex) : undefined}
      onKeyDown={onKeyDown}
    >
      <FrameGridHead />
      <div
        ref={scroller}
        className="frame-grid-body"
        onScroll={onScroll}
        onWheel={(e) => {
          if (e.deltaY < 0) onLeaveBottom();
        }}
      >
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = at(rows, item.index, 'frame row');
            return (
              <FrameGridRow
                key={item.key}
                row={row}
                prev={item.index > 0 ? rows[item.index - 1] : undefined}
                index={item.index}
                selected={row.id === selectedId}
                paired={row.id === pairedId}
                marked={marked.has(row.id)}
                style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

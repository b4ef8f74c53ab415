/**
 * The frame list (UI.md §3.5): a virtualised `grid` whose rows are frames. While live it stays at
 * the bottom as batches arrive; scrolling up (wheel, keys, scrollbar) tells the owner to pause.
 * Arrow keys, Page Up/Down, Home and End move the selection.
 */
import { at } from '@contract/present';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { clockTime, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { usePreferences } from '../../state/preferences';
import { deltaText, directionText, directionTitle } from './format';
import type { FrameRow } from '../../model/inspector/frameRow';

const t = messages.inspector;

/** Before the list is measured, or when it measures nothing (jsdom): a typical list's size. */
const INITIAL_RECT = { width: 1000, height: 480 };
const OVERSCAN = 12;

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

const rowDomId = (index: number): string => `inspector-row-${index}`;

/** A row's height in px: the density setting's row height (tokens.css `--row-h`). */
export const useFrameRowHeight = (): number =>
  usePreferences((s) => (s.density === 'compact' ? 28 : 32));

export function FrameGrid(props: FrameGridProps) {
  const { rows, selectedId, pairedId, marked, live, onSelect, onLeaveBottom, onReachBottom } =
    props;
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useFrameRowHeight();
  // eslint-disable-next-line react-hooks/incompatible-library -- no compiler memoises this component; the virtualizer is read afresh each render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : INITIAL_RECT)),
    getItemKey: (i) => at(rows, i, 'frame row').id,
  });
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

  const move = (to: number): void => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (row) onSelect(row.id);
  };
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / rowHeight) - 1);
  const onKeyDown = (e: KeyboardEvent): void => {
    const at = selectedIndex < 0 ? rows.length : selectedIndex;
    if (e.key === 'ArrowDown') move(selectedIndex < 0 ? rows.length - 1 : at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'PageDown') move(at + page);
    else if (e.key === 'PageUp') move(at - page);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else return;
    e.preventDefault();
    if (e.key !== 'End' && e.key !== 'ArrowDown' && e.key !== 'PageDown') onLeaveBottom();
  };

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
      <div role="rowgroup" className="frame-grid-head">
        <div role="row" aria-rowindex={1} className="frame-row">
          <div role="columnheader">{t.columns.time}</div>
          <div role="columnheader" title={t.deltaTitle}>
            {t.columns.delta}
          </div>
          <div role="columnheader">{t.columns.direction}</div>
          <div role="columnheader">{t.columns.device}</div>
          <div role="columnheader">{t.columns.type}</div>
          <div role="columnheader" className="num">
            {t.columns.stream}
          </div>
          <div role="columnheader">{t.columns.resource}</div>
          <div role="columnheader" className="num">
            {t.columns.size}
          </div>
          <div role="columnheader">{t.columns.summary}</div>
        </div>
      </div>
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
            const prev = item.index > 0 ? rows[item.index - 1] : undefined;
            const f = row.frame;
            const classes = ['frame-row', `dir-${f.direction}`];
            if (row.id === selectedId) classes.push('is-selected');
            if (row.id === pairedId) classes.push('is-paired');
            if (marked.has(row.id)) classes.push('is-marked');
            if (f.error !== null) classes.push('is-malformed');
            else if (f.type === 'ERROR') classes.push('is-error');
            return (
              <div
                key={item.key}
                id={rowDomId(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row.id === selectedId}
                className={classes.join(' ')}
                style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(row.id)}
              >
                <div role="gridcell" className="mono" title={dateTime(f.time)}>
                  {clockTime(f.time, true)}
                </div>
                <div role="gridcell" className="mono muted">
                  {prev ? deltaText(f.time - prev.frame.time) : ''}
                </div>
                <div role="gridcell" className="dir" title={directionTitle(f.direction)}>
                  {directionText(f.direction)}
                </div>
                <div role="gridcell" className="mono" title={row.device}>
                  {row.device}
                </div>
                <div role="gridcell" className="type" title={f.error ?? undefined}>
                  {f.error !== null && <span aria-hidden="true">✕ </span>}
                  {f.type}
                </div>
                <div role="gridcell" className="mono num">
                  {f.streamId ?? ''}
                </div>
                <div role="gridcell" className="mono" title={row.resource ?? undefined}>
                  {row.resource ?? ''}
                </div>
                <div role="gridcell" className="mono num">
                  {f.size}
                </div>
                <div role="gridcell" className="mono summary" title={row.summary}>
                  {row.summary}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * The output (UI.md §3.9): virtualised monospace rows (`log` role) read from the port's buffer at
 * most once per animation frame; the partial line shown last; "Older lines dropped" first when the
 * buffer wrapped. Autoscroll follows the newest row until the user scrolls up, then "Jump to
 * newest (N new lines)" brings it back. Mod+A then copy takes the whole buffer, not only the rows
 * on screen; incoming rows never clear a selection.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import { feedOf, useSerial } from '../../state/serial';
import { type SerialViewMode } from '../../state/serialSettings';
import { type SerialRow } from '../../model/serialRows';
import { asciiOf, hexPairs, segments } from './serialText';

/** A row's height before it is measured (one monospace line). */
const ROW_ESTIMATE_PX = 20;
/** Within this distance of the end counts as "at the bottom". */
const BOTTOM_SLACK_PX = 8;
const OVERSCAN_ROWS = 20;

/** A text selection (not just a caret) inside `el`. */
function selectingIn(el: HTMLElement | null): boolean {
  const sel = window.getSelection();
  return !!el && !!sel && !sel.isCollapsed && !!sel.anchorNode && el.contains(sel.anchorNode);
}

export function SerialOutput({
  port,
  mode,
  timestamps,
  autoscroll,
  query,
  current,
  wholeText,
}: {
  port: string;
  mode: SerialViewMode;
  timestamps: boolean;
  autoscroll: boolean;
  /** Search text to highlight ('' for none). */
  query: string;
  /** Absolute index of the current search match, scrolled into view. */
  current: number | null;
  wholeText: () => string;
}) {
  const version = useSerial((s) => s.monitors[port]?.version ?? 0);
  const partial = useSerial((s) => (mode === 'text' ? (s.monitors[port]?.partial ?? null) : null));
  const droppedBefore = useSerial((s) => s.monitors[port]?.droppedBefore ?? 0);
  const frozenAt = useSerial((s) => s.frozenAt[port] ?? null);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  /** The buffer's end when the output last followed it (new rows are counted from there). */
  const followedTo = useRef(0);
  /** Absolute end of the buffer when the user left the bottom (null: at the bottom). */
  const [leftAt, setLeftAt] = useState<number | null>(null);
  const wholeSelected = useRef(false);
  const t = messages.serial;

  const buffer = mode === 'hex' ? feedOf(port).hex : feedOf(port).lines;
  const end = frozenAt === null ? buffer.end : Math.min(frozenAt, buffer.end);
  const kept = Math.max(0, end - buffer.dropped);
  const marker = buffer.dropped > 0 || droppedBefore > 0 ? 1 : 0;
  const showPartial = partial !== null && frozenAt === null ? 1 : 0;
  const count = marker + kept + showPartial;

  // eslint-disable-next-line react-hooks/incompatible-library -- rows re-render on `version` anyway
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: OVERSCAN_ROWS,
    initialRect: { width: 800, height: 400 },
  });

  const toBottom = (): void => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  // Follow the newest row after every batch, unless the user scrolled away, paused, or is
  // selecting text here: scrolling would unmount the selected rows (Arduino IDE #1081).
  useLayoutEffect(() => {
    if (!autoscroll || !following.current || frozenAt !== null) return;
    if (selectingIn(scroller.current)) {
      following.current = false;
      setLeftAt(followedTo.current);
      return;
    }
    toBottom();
    followedTo.current = buffer.end;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `buffer.end` moves with `version`
  }, [version, count, autoscroll, frozenAt]);

  // Autoscroll switched on at the bottom follows again; switched off, new rows start counting.
  useEffect(() => {
    following.current = autoscroll && leftAt === null;
    if (!autoscroll && leftAt === null) setLeftAt(buffer.end);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on the switch itself
  }, [autoscroll]);

  useEffect(() => {
    if (current === null) return;
    const index = current - buffer.dropped + marker;
    if (index < 0 || index >= count) return;
    following.current = false;
    setLeftAt((l) => l ?? buffer.end);
    virtualizer.scrollToIndex(index, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scroll when the match changes
  }, [current]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    if (atBottom) {
      following.current = autoscroll;
      setLeftAt(autoscroll ? null : buffer.end);
    } else if (following.current || leftAt === null) {
      following.current = false;
      setLeftAt(buffer.end);
    }
  };

  const jump = (): void => {
    following.current = autoscroll;
    setLeftAt(autoscroll ? null : buffer.end);
    toBottom();
  };

  const fresh = leftAt === null ? 0 : Math.max(0, buffer.end - leftAt);
  const rowAt = (i: number): ReactNode => {
    if (marker && i === 0)
      return (
        <div className="serial-marker" title={t.olderDroppedHint}>
          {t.olderDropped}
        </div>
      );
    const r = i - marker;
    if (r < kept) {
      const row = buffer.at(r);
      return row ? (
        <Row
          row={row}
          mode={mode}
          timestamps={timestamps}
          query={query}
          hit={current === r + buffer.dropped}
        />
      ) : null;
    }
    return partial ? (
      <Row row={{ seq: 0, ...partial }} mode={mode} timestamps={timestamps} query={query} partial />
    ) : null;
  };

  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div className="serial-output-wrap">
      {frozenAt !== null && (
        <p className="serial-paused" role="status">
          {t.pausedNote(Math.max(0, buffer.end - frozenAt))}
        </p>
      )}
      <div
        ref={scroller}
        role="log"
        // Not announced line by line: a fast port would flood a screen reader (UI.md §5).
        aria-live="off"
        aria-label={t.output(port)}
        tabIndex={0}
        className={`serial-output${mode === 'hex' ? ' serial-hex' : ''}`}
        onScroll={onScroll}
        onMouseDown={() => (wholeSelected.current = false)}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
            e.preventDefault();
            const range = document.createRange();
            range.selectNodeContents(e.currentTarget);
            const sel = window.getSelection();
            sel?.removeAllRanges();
            sel?.addRange(range);
            wholeSelected.current = true;
          }
        }}
        onCopy={(e) => {
          if (!wholeSelected.current) return;
          e.preventDefault();
          e.clipboardData.setData('text/plain', wholeText());
        }}
      >
        {count === 0 ? (
          <p className="serial-nothing muted">{t.nothingYet}</p>
        ) : (
          <div className="serial-rows">
            <div style={{ height: before }} aria-hidden="true" />
            {items.map((item) => (
              <div
                key={item.index === 0 && marker ? 'marker' : item.index - marker + buffer.dropped}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="serial-row-wrap"
              >
                {rowAt(item.index)}
              </div>
            ))}
            <div style={{ height: Math.max(0, after) }} aria-hidden="true" />
          </div>
        )}
      </div>
      {fresh > 0 && (
        <button type="button" className="btn btn-primary serial-jump" onClick={jump}>
          {t.jumpToNewest(fresh)}
        </button>
      )}
    </div>
  );
}

/** The line main writes where a flash happened (SerialMonitor's flashMarker). */
const FLASH_MARKER = /^— flashed .+ at \d\d:\d\d:\d\d —$/;

function Row({
  row,
  mode,
  timestamps,
  query,
  hit = false,
  partial = false,
}: {
  row: SerialRow;
  mode: SerialViewMode;
  timestamps: boolean;
  query: string;
  hit?: boolean;
  partial?: boolean;
}) {
  return (
    <div
      className={`serial-row${hit ? ' serial-hit' : ''}${partial ? ' serial-partial' : ''}${
        mode === 'text' && FLASH_MARKER.test(row.text) ? ' serial-marker' : ''
      }`}
      title={partial ? messages.serial.partialHint : undefined}
    >
      {timestamps && <span className="serial-time">{clockTime(row.t, true)}</span>}
      {mode === 'hex' ? (
        <>
          <span className="serial-hex-bytes">
            {highlight(hexPairs(row.text).padEnd(47), query)}
          </span>
          <span className="serial-ascii">{asciiOf(row.text)}</span>
        </>
      ) : (
        <span className="serial-text">
          {segments(row.text).map((s, i) =>
            s.control ? (
              <span key={i} className="serial-ctl">
                {s.text}
              </span>
            ) : (
              <span key={i}>{highlight(s.text, query)}</span>
            ),
          )}
        </span>
      )}
    </div>
  );
}

/** `text` with every case-insensitive occurrence of `query` in <mark>. */
function highlight(text: string, query: string): ReactNode {
  const q = query.trim().toLowerCase();
  if (!q) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + q.length)}</mark>);
    from = at + q.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

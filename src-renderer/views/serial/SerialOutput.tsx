/**
 * The output (UI.md §3.9): virtualised monospace rows (`log` role) read from the port's buffer at
 * most once per animation frame; the partial line shown last; "Older lines dropped" first when the
 * buffer wrapped. Autoscroll follows the newest row until the user scrolls up, then "Jump to
 * newest (N new lines)" brings it back. Mod+A then copy takes the whole buffer, not only the rows
 * on screen (useWholeSelection); incoming rows never clear a selection. Which rows: useSerialRows.
 */
import { useEffect, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { messages } from '../../messages';
import type { SerialViewMode } from '../../state/serialSettings';
import { Row } from './SerialRowView';
import { useFollowBottom } from './useFollowBottom';
import { useSerialRows } from './useSerialRows';
import { useWholeSelection } from './useWholeSelection';

/** A row's height before it is measured (one monospace line). */
const ROW_ESTIMATE_PX = 20;
const OVERSCAN_ROWS = 20;

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
  const { version, buffer, kept, marker, partial, frozenAt, count } = useSerialRows(port, mode);
  const whole = useWholeSelection(wholeText);
  const t = messages.serial;

  const follow = useFollowBottom({
    autoscroll,
    frozen: frozenAt !== null,
    end: buffer.end,
    changed: [version, count],
  });
  const scroller = follow.scroller;

  // eslint-disable-next-line react-hooks/incompatible-library -- rows re-render on `version` anyway
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: OVERSCAN_ROWS,
    initialRect: { width: 800, height: 400 },
  });

  useEffect(() => {
    if (current === null) return;
    const index = current - buffer.dropped + marker;
    if (index < 0 || index >= count) return;
    follow.stop();
    virtualizer.scrollToIndex(index, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scroll when the match changes
  }, [current]);

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
        onScroll={follow.onScroll}
        onMouseDown={whole.onMouseDown}
        onKeyDown={whole.onKeyDown}
        onCopy={whole.onCopy}
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
      {follow.fresh > 0 && (
        <button type="button" className="btn btn-primary serial-jump" onClick={follow.jump}>
          {t.jumpToNewest(follow.fresh)}
        </button>
      )}
    </div>
  );
}

/**
 * The output (UI.md §3.9): virtualised monospace rows (`log` role) read from the port's buffer at
 * most once per animation frame; the partial line shown last; "Older lines dropped" first when the
 * buffer wrapped. Autoscroll follows the newest row until the user scrolls up, then "Jump to
 * newest (N new lines)" brings it back. Mod+A then copy takes the whole buffer, not only the rows
 * on screen (useWholeSelection); incoming rows never clear a selection. Which rows: useSerialRows.
 */
import { useEffect } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { messages } from '../../messages';
import type { SerialViewMode } from '../../state/serialSettings';
import { OutputRowList } from './OutputRows';
import { useFollowBottom } from './useFollowBottom';
import { useSerialRows } from './useSerialRows';
import { useWholeSelection } from './useWholeSelection';

/** Said above the output while Pause display holds it: how many rows arrived meanwhile. */
function PausedNote({ rowsSince }: { rowsSince: number }) {
  return (
    <p className="serial-paused" role="status">
      {messages.serial.pausedNote(Math.max(0, rowsSince))}
    </p>
  );
}

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
  const whole = useWholeSelection(wholeText);
  const t = messages.serial;

  const rows = useSerialRows(port, mode);
  const { buffer, marker, frozenAt, count } = rows;
  const follow = useFollowBottom({
    autoscroll,
    frozen: frozenAt !== null,
    end: buffer.end,
    changed: [rows.version, count],
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

  return (
    <div className="serial-output-wrap">
      {frozenAt !== null && <PausedNote rowsSince={buffer.end - frozenAt} />}
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
          <OutputRowList
            rows={rows}
            virtualizer={virtualizer}
            mode={mode}
            timestamps={timestamps}
            query={query}
            current={current}
          />
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

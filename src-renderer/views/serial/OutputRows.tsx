/**
 * The output's rows on screen, between spacers that stand for the rows not rendered. A virtual
 * row shows the "Older lines dropped" marker (first, when the buffer wrapped), a row of the
 * buffer, or the partial line (last).
 */
import type { Virtualizer } from '@tanstack/react-virtual';
import { messages } from '../../messages';
import type { RowBuffer, SerialRow } from '../../model/serialRows';
import type { SerialViewMode } from '../../state/serialSettings';
import { Row } from './SerialRowView';

export interface OutputRows {
  buffer: RowBuffer;
  /** Rows of the buffer shown. */
  kept: number;
  /** 1 when the first row is the marker. */
  marker: number;
  partial: Omit<SerialRow, 'seq'> | null;
}

interface RowOptions {
  mode: SerialViewMode;
  timestamps: boolean;
  query: string;
  /** Absolute index of the current search match. */
  current: number | null;
}

export function OutputRowList({
  rows,
  virtualizer,
  ...options
}: RowOptions & { rows: OutputRows; virtualizer: Virtualizer<HTMLDivElement, Element> }) {
  const { marker, buffer } = rows;
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div className="serial-rows">
      <div style={{ height: before }} aria-hidden="true" />
      {items.map((item) => (
        <div
          key={item.index === 0 && marker ? 'marker' : item.index - marker + buffer.dropped}
          data-index={item.index}
          ref={virtualizer.measureElement}
          className="serial-row-wrap"
        >
          <OutputRow index={item.index} rows={rows} {...options} />
        </div>
      ))}
      <div style={{ height: Math.max(0, after) }} aria-hidden="true" />
    </div>
  );
}

function OutputRow({
  index,
  rows: { buffer, kept, marker, partial },
  mode,
  timestamps,
  query,
  current,
}: RowOptions & { index: number; rows: OutputRows }) {
  const t = messages.serial;
  if (marker && index === 0)
    return (
      <div className="serial-marker" title={t.olderDroppedHint}>
        {t.olderDropped}
      </div>
    );
  const r = index - marker;
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
}

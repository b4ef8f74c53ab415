/**
 * One frame in the frame list: time with ms, Δ since the previous frame, direction, device, type
 * (✕ when malformed), stream id, resource, size and the one-line summary; marked when selected,
 * paired with the selection, found by Find, malformed or an ERROR.
 */
import type { CSSProperties } from 'react';
import { clockTime, dateTime } from '../../format/time';
import type { FrameRow } from '../../model/inspector/frameRow';
import { deltaText, directionText, directionTitle } from './format';

export const rowDomId = (index: number): string => `inspector-row-${index}`;

export interface FrameGridRowProps {
  row: FrameRow;
  /** The frame before it in the list, for Δ. */
  prev: FrameRow | undefined;
  index: number;
  selected: boolean;
  paired: boolean;
  marked: boolean;
  style: CSSProperties;
  onSelect(id: string): void;
}

function rowClasses({ row, selected, paired, marked }: FrameGridRowProps): string {
  const f = row.frame;
  const classes = ['frame-row', `dir-${f.direction}`];
  if (selected) classes.push('is-selected');
  if (paired) classes.push('is-paired');
  if (marked) classes.push('is-marked');
  if (f.error !== null) classes.push('is-malformed');
  else if (f.type === 'ERROR') classes.push('is-error');
  return classes.join(' ');
}

export function FrameGridRow(props: FrameGridRowProps) {
  const { row, prev, index, selected, style, onSelect } = props;
  const f = row.frame;
  return (
    <div
      id={rowDomId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={rowClasses(props)}
      style={style}
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
}

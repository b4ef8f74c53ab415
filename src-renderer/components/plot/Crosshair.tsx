/**
 * Over a chart's plot: the crosshair tooltip, which reads the buffer itself and so gives the exact
 * sample (time with ms, every value) even where the drawing merged samples; and, while paused,
 * drag to zoom, double-click to reset (UI.md §3.3).
 */
import { at } from '@contract/present';
import { useState, type MouseEvent } from 'react';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import { exactNumber } from './axes';
import { nearestSample } from './decimate';
import { fieldName, seriesColour, type Axes, type PlotInput } from './plotModel';

/** Horizontal extent of the plot in the chart's pixels. */
export interface PlotSpan {
  left: number;
  right: number;
}

export function Crosshair({
  axes: currentAxes,
  span,
  input,
  onZoom,
}: {
  /** The axes of the latest redraw (a live chart's move every frame). */
  axes: () => Axes;
  span: PlotSpan;
  input: PlotInput;
  onZoom: (range: [number, number] | null) => void;
}) {
  const [hoverX, setHoverX] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const axes = currentAxes();
  const width = Math.max(1, span.right - span.left);
  const toTime = (x: number): number => axes.t0 + ((x - span.left) / width) * (axes.t1 - axes.t0);
  const toX = (t: number): number =>
    span.left + ((t - axes.t0) / Math.max(1, axes.t1 - axes.t0)) * width;
  const xOf = (e: MouseEvent<HTMLDivElement>): number =>
    Math.min(
      span.right,
      Math.max(span.left, e.clientX - e.currentTarget.getBoundingClientRect().left),
    );
  const canZoom = input.pausedAt !== null || input.zoom !== null;

  const onMove = (e: MouseEvent<HTMLDivElement>): void => {
    const x = xOf(e);
    if (drag) setDrag({ ...drag, to: x });
    setHoverX(x);
  };
  const onUp = (): void => {
    if (drag && Math.abs(drag.to - drag.from) > 4)
      onZoom([toTime(Math.min(drag.from, drag.to)), toTime(Math.max(drag.from, drag.to))]);
    setDrag(null);
  };

  const sample = hoverX === null ? -1 : nearestSample(input.buffer, toTime(hoverX), input.visible);
  const sampleTime = sample >= 0 ? input.buffer.time(sample) : NaN;
  const inView = sample >= 0 && sampleTime >= axes.t0 && sampleTime <= axes.t1;
  const x = inView ? toX(sampleTime) : 0;
  return (
    <div
      className={`chart-overlay${canZoom ? ' chart-zoomable' : ''}`}
      onMouseMove={onMove}
      onMouseLeave={() => {
        setHoverX(null);
        setDrag(null);
      }}
      onMouseDown={(e) => canZoom && e.button === 0 && setDrag({ from: xOf(e), to: xOf(e) })}
      onMouseUp={onUp}
      onDoubleClick={() => onZoom(null)}
      title={canZoom ? messages.charts.zoomHint : undefined}
    >
      {drag ? (
        <div
          className="chart-selection"
          style={{ left: Math.min(drag.from, drag.to), width: Math.abs(drag.to - drag.from) }}
        />
      ) : null}
      {inView ? (
        <CrosshairTooltip
          x={x}
          width={axes.width}
          sample={sample}
          time={sampleTime}
          input={input}
        />
      ) : null}
    </div>
  );
}

/** The cursor line at the sample and its exact time and values beside it. */
function CrosshairTooltip({
  x,
  width,
  sample,
  time,
  input,
}: {
  x: number;
  /** The chart's width: the tooltip goes left of the cursor in its right half. */
  width: number;
  sample: number;
  time: number;
  input: PlotInput;
}) {
  return (
    <>
      <div className="chart-cursor" style={{ left: x }} />
      <div
        className="chart-tooltip"
        style={x > width / 2 ? { right: width - x + 10 } : { left: x + 10 }}
      >
        <div className="mono">{clockTime(time, true)}</div>
        {input.visible.map((f) => {
          const v = input.buffer.value(f, sample);
          return (
            <div key={f} className="chart-tooltip-row">
              <span className="chart-swatch" style={{ background: seriesColour(f) }} />
              <span>{fieldName(at(input.fields, f, 'chart field'), input.resource)}</span>
              <span className="mono">{Number.isNaN(v) ? '–' : exactNumber(v)}</span>
            </div>
          );
        })}
      </div>
    </>
  );
}

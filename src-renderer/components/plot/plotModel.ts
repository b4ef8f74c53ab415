/**
 * What a chart shows, computed from its buffer and settings without React: the time range (a live
 * chart slides continuously with the clock), the Y axes of each panel, offline gaps, and the
 * trace of each series (drawn on the chart's canvas layer).
 */
import { present } from '@contract/present';
import { niceAxis, type AxisPlan, type ValueAxis } from './axes';
import type { SeriesPoints } from './decimate';
import type { FieldInfo, SampleBuffer } from '../../model/SampleBuffer';

export interface PlotInput {
  buffer: SampleBuffer;
  fields: readonly FieldInfo[];
  /** Field indexes drawn, in order. */
  visible: readonly number[];
  /** 0: everything buffered. */
  windowMs: number;
  pausedAt: number | null;
  zoom: readonly [number, number] | null;
  split: boolean;
  /** Name for a bare-number field (the resource). */
  resource: string;
  /**
   * An event stream ("every change") that is live: a value holds until the device sends the next
   * one, so each line runs on to now instead of stopping at its last change.
   */
  holdLast: boolean;
}

/** Lines on one or two value axes: the whole chart, or one field of a split chart. */
export interface PanelAxes {
  fields: number[];
  left: ValueAxis;
  right: ValueAxis | null;
  /** Fields drawn against the right axis. */
  onRight: number[];
}

/**
 * One redraw's geometry: the time range and its ticks move with every frame while live; the
 * backdrop is painted again only for what `sameValueAxes` compares (width, the value axes).
 */
export interface Axes {
  t0: number;
  t1: number;
  width: number;
  ticks: number[];
  panels: PanelAxes[];
  gaps: [number, number][];
  crowded: boolean;
}

/** A live chart's time axis moves in steps of 1/50 of its window (at least 50 ms). */
const SLIDE_STEPS = 50;
/** Offline gaps drawn as shaded areas at most (older ones are still breaks in the line). */
const MAX_GAPS = 20;

export const seriesColour = (field: number): string => `var(--series-${(field % 6) + 1})`;
export const fieldName = (f: FieldInfo, resource: string): string => f.path || resource;

const slideStep = (spanMs: number): number => Math.max(50, spanMs / SLIDE_STEPS);

/**
 * The time range a chart shows. Live with a window, it ends at `now` itself: the canvas layer
 * redraws at the frame rate, so the chart scrolls smoothly instead of jumping in steps. Showing
 * everything buffered, it moves in steps of 1/50 of the span; paused, it ends at the pause;
 * zoomed, it is the zoom.
 */
export function viewRange(input: PlotInput, now: number): [number, number] {
  if (input.zoom) return [input.zoom[0], input.zoom[1]];
  if (input.windowMs > 0) {
    const t1 = input.pausedAt ?? now;
    return [t1 - input.windowMs, t1];
  }
  const end = input.pausedAt ?? now;
  const first = input.buffer.size ? Math.min(input.buffer.time(0), end - 1_000) : end - 60_000;
  const step = slideStep(end - first);
  return [Math.floor(first / step) * step, input.pausedAt ?? Math.ceil(end / step) * step];
}

/** Extends each line with its last value up to `end` (see `PlotInput.holdLast`). */
export function holdLastValues(series: SeriesPoints[], end: number): void {
  for (const s of series) {
    const last = s.points[s.points.length - 1];
    if (last && last.v !== null && last.t < end) s.points.push({ t: end, v: last.v });
  }
}

/** Stretches between a break and the next sample (or the end of the view) inside [t0, t1]. */
export function gapsIn(buffer: SampleBuffer, t0: number, t1: number): [number, number][] {
  const gaps: [number, number][] = [];
  for (let i = buffer.size - 1; i >= 0 && gaps.length < MAX_GAPS; i--) {
    const t = buffer.time(i);
    if (i < buffer.size - 1 && buffer.time(i + 1) < t0) break;
    if (!buffer.isBreak(i)) continue;
    const end = i + 1 < buffer.size ? buffer.time(i + 1) : t1;
    if (end > t0 && t < t1) gaps.push([Math.max(t, t0), Math.min(end, t1)]);
  }
  return gaps;
}

/**
 * Min and max of a series inside [t0, t1]. Its neighbours outside are drawn but not scaled for,
 * unless fewer than two samples are inside (a narrow zoom): then the segments crossing the view
 * are what the user sees, and the axis fits them instead of inventing a range around one value.
 */
export function rangeOf(s: SeriesPoints, t0: number, t1: number) {
  let min = Infinity;
  let max = -Infinity;
  let inside = 0;
  for (const p of s.points) {
    if (p.v === null || p.t < t0 || p.t > t1) continue;
    inside++;
    if (p.v < min) min = p.v;
    if (p.v > max) max = p.v;
  }
  if (inside < 2)
    for (const p of s.points) {
      if (p.v === null) continue;
      if (p.v < min) min = p.v;
      if (p.v > max) max = p.v;
    }
  return { field: s.field, min, max };
}

function axisFor(ranges: { min: number; max: number }[], ticks = 5): ValueAxis {
  let min = Infinity;
  let max = -Infinity;
  for (const r of ranges) {
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
  }
  return niceAxis(min, max, ticks);
}

/** One panel with the plan's one or two axes, or one panel per series when split. */
export function panelsOf(
  series: SeriesPoints[],
  plan: AxisPlan,
  split: boolean,
  t0: number,
  t1: number,
): PanelAxes[] {
  const ranges = new Map(series.map((s) => [s.field, rangeOf(s, t0, t1)]));
  const rangeFor = (field: number) => present(ranges.get(field), `range of field ${field}`);
  if (split)
    return series.map((s) => ({
      fields: [s.field],
      // Small charts are short: three ticks keep their labels apart.
      left: axisFor([rangeFor(s.field)], 3),
      right: null,
      onRight: [],
    }));
  const onRight = plan.right.filter((f) => ranges.has(f));
  const side = (right: boolean) =>
    series.filter((s) => onRight.includes(s.field) === right).map((s) => rangeFor(s.field));
  return [
    {
      fields: series.map((s) => s.field),
      left: axisFor(side(false)),
      right: onRight.length ? axisFor(side(true)) : null,
      onRight,
    },
  ];
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

const sameAxis = (a: ValueAxis | null, b: ValueAxis | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.decimals === b.decimals &&
    sameNumbers(a.domain, b.domain) &&
    sameNumbers(a.ticks, b.ticks));

/**
 * Equal value axes draw the same: the backdrop is reused and React is left alone. Compared field
 * by field (asked at every redraw: serialising both, as before, was most of its cost).
 */
export const sameValueAxes = (a: Axes | null, b: Axes): boolean =>
  a !== null &&
  a.width === b.width &&
  a.crowded === b.crowded &&
  a.panels.length === b.panels.length &&
  a.panels.every((p, i) => {
    const q = b.panels[i];
    return (
      q !== undefined &&
      sameNumbers(p.fields, q.fields) &&
      sameNumbers(p.onRight, q.onRight) &&
      sameAxis(p.left, q.left) &&
      sameAxis(p.right, q.right)
    );
  });

export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a trace goes: a canvas 2D context, or a recorder (tests, SVG). */
export interface Pen {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/**
 * Traces a series in a plot area with time domain [t0, t1] and value domain [lo, hi]; a null
 * point lifts the pen; booleans draw as steps.
 */
export function traceLine(
  pen: Pen,
  s: SeriesPoints,
  area: PlotArea,
  [t0, t1]: readonly [number, number],
  [lo, hi]: readonly [number, number],
  step: boolean,
): void {
  const sx = area.width / (t1 - t0 || 1);
  const sy = area.height / (hi - lo || 1);
  const bottom = area.y + area.height;
  let pen_ = false;
  let lastY = 0;
  for (const p of s.points) {
    if (p.v === null) {
      pen_ = false;
      continue;
    }
    const x = area.x + (p.t - t0) * sx;
    const y = bottom - (p.v - lo) * sy;
    if (!pen_) pen.moveTo(x, y);
    else if (step) {
      pen.lineTo(x, lastY);
      pen.lineTo(x, y);
    } else pen.lineTo(x, y);
    lastY = y;
    pen_ = true;
  }
}

/** The same trace as SVG path data (`M x y L x y …`), for tests and exports. */
export function linePath(
  s: SeriesPoints,
  area: PlotArea,
  time: readonly [number, number],
  value: readonly [number, number],
  step: boolean,
): string {
  let d = '';
  const f = (n: number): string => n.toFixed(1);
  traceLine(
    {
      moveTo: (x, y) => (d += `M${f(x)} ${f(y)}`),
      lineTo: (x, y) => (d += `L${f(x)} ${f(y)}`),
    },
    s,
    area,
    time,
    value,
    step,
  );
  return d;
}

/**
 * What a chart draws from a buffer (UI.md §3.3): the samples of a time window, at most two points
 * per horizontal pixel. Each pixel column keeps its minimum and its maximum, in the order they
 * came, so a one-sample spike survives however many samples share its pixel. Breaks (device
 * offline, link lost) become `null` points, which end a line.
 */
import type { SampleBuffer } from '../../model/SampleBuffer';

interface Point {
  t: number;
  /** `null`: the line breaks here. */
  v: number | null;
}

export interface SeriesPoints {
  field: number;
  points: Point[];
  /** True when pixel buckets merged samples (the tooltip then reads the buffer itself). */
  decimated: boolean;
}

/** Index range of held samples to draw for [t0, t1]: one neighbour each side, so lines reach the edges. */
function windowRange(buffer: SampleBuffer, t0: number, t1: number): [number, number] {
  const from = Math.max(0, buffer.lowerBound(t0) - 1);
  const to = Math.min(buffer.size, buffer.lowerBound(t1 + 1e-9) + 1);
  return [from, Math.max(from, to)];
}

/**
 * Points of each field in `fields` for the window [t0, t1] drawn `pixels` wide: the samples
 * themselves when there are at most 2 per pixel, else min and max per pixel column.
 */
export function decimate(
  buffer: SampleBuffer,
  fields: readonly number[],
  t0: number,
  t1: number,
  pixels: number,
): SeriesPoints[] {
  const [from, to] = windowRange(buffer, t0, t1);
  const columns = Math.max(1, Math.floor(pixels));
  if (to - from <= 2 * columns) return fields.map((f) => raw(buffer, f, from, to));
  const bucketMs = (t1 - t0) / columns;
  return fields.map((f) => minMax(buffer, f, from, to, t0, bucketMs));
}

function raw(buffer: SampleBuffer, field: number, from: number, to: number): SeriesPoints {
  const points: Point[] = [];
  for (let i = from; i < to; i++) {
    if (buffer.isBreak(i)) {
      const prev = points[points.length - 1];
      if (prev && prev.v !== null) points.push({ t: buffer.time(i), v: null });
      continue;
    }
    const v = buffer.value(field, i);
    if (!Number.isNaN(v)) points.push({ t: buffer.time(i), v });
  }
  return { field, points, decimated: false };
}

function minMax(
  buffer: SampleBuffer,
  field: number,
  from: number,
  to: number,
  t0: number,
  bucketMs: number,
): SeriesPoints {
  const points: Point[] = [];
  let bucket = NaN;
  let lo = Infinity;
  let hi = -Infinity;
  let loT = 0;
  let hiT = 0;
  const flush = (): void => {
    if (lo === Infinity) return;
    if (lo === hi) points.push({ t: loT, v: lo });
    else if (loT <= hiT) points.push({ t: loT, v: lo }, { t: hiT, v: hi });
    else points.push({ t: hiT, v: hi }, { t: loT, v: lo });
    lo = Infinity;
    hi = -Infinity;
  };
  for (let i = from; i < to; i++) {
    const t = buffer.time(i);
    if (buffer.isBreak(i)) {
      flush();
      bucket = NaN;
      const prev = points[points.length - 1];
      if (prev && prev.v !== null) points.push({ t, v: null });
      continue;
    }
    const v = buffer.value(field, i);
    if (Number.isNaN(v)) continue;
    const b = Math.floor((t - t0) / bucketMs);
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    if (v < lo) {
      lo = v;
      loT = t;
    }
    if (v > hi) {
      hi = v;
      hiT = t;
    }
  }
  flush();
  return { field, points, decimated: true };
}

export interface FieldStats {
  field: number;
  /** Samples of this field in the window. */
  count: number;
  min: number;
  max: number;
  mean: number;
  /** The newest value in the buffer (not only the window), and its time. */
  last: number;
  lastTime: number;
}

/**
 * Min, max and mean of each field in [t0, t1], and its latest value up to t1: paused or zoomed,
 * Last is the value the view ends with, never one that arrived since (which would read "Last
 * 21.8" beside "Max 21.7").
 */
export function windowStats(
  buffer: SampleBuffer,
  fields: readonly number[],
  t0: number,
  t1: number,
): FieldStats[] {
  const from = buffer.lowerBound(t0);
  const to = buffer.lowerBound(t1 + 1e-9);
  return fields.map((field) => {
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const v = buffer.value(field, i);
      if (Number.isNaN(v)) continue;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let last = NaN;
    let lastTime = NaN;
    for (let i = to - 1; i >= 0; i--) {
      const v = buffer.value(field, i);
      if (!Number.isNaN(v)) {
        last = v;
        lastTime = buffer.time(i);
        break;
      }
    }
    return { field, count, min, max, mean: count ? sum / count : NaN, last, lastTime };
  });
}

/**
 * Samples per second over the last `spanMs` of the buffer, not counting samples before `since`
 * (the stream's current interval) or before a break (NaN with fewer than two).
 */
export function actualRate(
  buffer: SampleBuffer,
  now: number,
  spanMs = 10_000,
  since = -Infinity,
): number {
  let n = 0;
  let first = NaN;
  let last = NaN;
  for (let i = buffer.size - 1; i >= 0; i--) {
    if (buffer.isBreak(i)) break;
    const t = buffer.time(i);
    if (t < now - spanMs || t < since) break;
    if (Number.isNaN(last)) last = t;
    first = t;
    n++;
  }
  if (n < 2) return NaN;
  return ((n - 1) * 1000) / (last - first || 1);
}

/** The nearest held sample to time t that has a value for one of `fields` (-1 when none). */
export function nearestSample(buffer: SampleBuffer, t: number, fields: readonly number[]): number {
  const has = (i: number): boolean => fields.some((f) => !Number.isNaN(buffer.value(f, i)));
  const at = buffer.lowerBound(t);
  let best = -1;
  let bestDist = Infinity;
  for (let i = at; i < buffer.size && i < at + 64; i++) {
    if (!has(i)) continue;
    best = i;
    bestDist = buffer.time(i) - t;
    break;
  }
  for (let i = at - 1; i >= 0 && i >= at - 64; i--) {
    if (!has(i)) continue;
    if (t - buffer.time(i) < bestDist) best = i;
    break;
  }
  return best;
}

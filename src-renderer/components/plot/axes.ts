/**
 * Axes of a chart: fields of very different magnitude get their own Y axis (UI.md §3.3), the X
 * axis has wall-clock ticks at round steps, and numbers are short on axes but exact in tooltips.
 */
import { at, first, last } from '@contract/present';
import { clockTime } from '../../format/time';

export interface FieldRange {
  field: number;
  min: number;
  max: number;
}

export interface AxisPlan {
  left: number[];
  right: number[];
  /** Even two axes leave fields of very different size together: suggest splitting. */
  crowded: boolean;
}

/** Magnitudes further apart than this (decades) do not share an axis. */
const AXIS_SPREAD_DECADES = 1.5;

const magnitude = (r: FieldRange): number =>
  Math.log10(Math.max(Math.abs(r.min), Math.abs(r.max), r.max - r.min, 1e-9));

/** The gap in magnitude between sorted[i - 1] and sorted[i] (1 ≤ i < length). */
const gap = (sorted: readonly { m: number }[], i: number): number =>
  at(sorted, i, 'magnitude').m - at(sorted, i - 1, 'magnitude').m;

/**
 * One axis when the fields' magnitudes are within `AXIS_SPREAD_DECADES`; else two, split at the
 * widest gap between magnitudes, the first field's group on the left.
 */
export function planAxes(ranges: readonly FieldRange[]): AxisPlan {
  const known = ranges.filter((r) => Number.isFinite(r.min) && Number.isFinite(r.max));
  const unknown = ranges.filter((r) => !known.includes(r)).map((r) => r.field);
  const sorted = known.map((r) => ({ field: r.field, m: magnitude(r) })).sort((a, b) => a.m - b.m);
  const spread = (xs: { m: number }[]): number =>
    xs.length ? last(xs, 'magnitude').m - first(xs, 'magnitude').m : 0;
  if (spread(sorted) < AXIS_SPREAD_DECADES)
    return { left: ranges.map((r) => r.field), right: [], crowded: false };
  let cut = 1;
  for (let i = 1; i < sorted.length; i++) if (gap(sorted, i) > gap(sorted, cut)) cut = i;
  const low = sorted.slice(0, cut);
  const high = sorted.slice(cut);
  const firstField = first(ranges, 'field range').field;
  const [leftGroup, rightGroup] = high.some((x) => x.field === firstField)
    ? [high, low]
    : [low, high];
  return {
    left: [...leftGroup.map((x) => x.field), ...unknown].sort((a, b) => a - b),
    right: rightGroup.map((x) => x.field).sort((a, b) => a - b),
    crowded: spread(leftGroup) >= AXIS_SPREAD_DECADES || spread(rightGroup) >= AXIS_SPREAD_DECADES,
  };
}

const STEPS_MS = [
  100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** Round wall-clock ticks for [t0, t1], about one per `pxPerTick` pixels. */
export function timeTicks(t0: number, t1: number, width: number, pxPerTick = 90): number[] {
  const span = Math.max(1, t1 - t0);
  const wanted = Math.max(2, Math.floor(width / pxPerTick));
  const step = STEPS_MS.find((s) => span / s <= wanted) ?? last(STEPS_MS, 'time step');
  // Align to local time, so minute and hour ticks fall on :00.
  const offset = new Date(t0).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((t0 - offset) / step) * step + offset; t <= t1; t += step) ticks.push(t);
  return ticks;
}

/** `14:02:11`; `14:02:11.5` when ticks are under a second apart. */
export function tickLabel(t: number, stepMs: number): string {
  if (stepMs >= 60_000) return clockTime(t).slice(0, 5);
  if (stepMs >= 1_000) return clockTime(t);
  return clockTime(t, true).slice(0, 10);
}

/**
 * A Y tick with as many decimals as its axis' step needs, so neighbours never read alike (1016.5,
 * not 1017 twice); millions shortened to M to fit the axis. The tooltip has the exact value.
 */
export function axisNumber(v: number, decimals: number): string {
  if (Math.abs(v) >= 1e6) return `${+(v / 1e6).toPrecision(Math.max(3, 7 - decimals))}M`;
  return v.toFixed(decimals);
}

/**
 * Exact values in tooltips and stats. A value a float32 can hold exactly is shown at float32
 * precision (0.1, not 0.10000000149011612; UI.md §3.2), anything else as JavaScript prints it.
 */
export function exactNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v) || Math.fround(v) !== v) return String(v);
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(v.toPrecision(digits));
    if (Math.fround(short) === v) return String(short);
  }
  return String(v);
}

/** A mean with one decimal more than its samples show (21.43 and 22.1 → 21.765). */
export function meanNumber(mean: number, min: number, max: number): string {
  if (!Number.isFinite(mean)) return '–';
  const decimals = (v: number): number => exactNumber(v).split('.')[1]?.length ?? 0;
  return mean.toFixed(Math.min(6, Math.max(decimals(min), decimals(max)) + 1));
}

export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
  /** Decimals a tick needs (0.25 steps: 2). */
  decimals: number;
}

/** A Y axis around [min, max] with about `count` ticks on 1-2-5 steps; never a zero-height range. */
export function niceAxis(min: number, max: number, count = 5): ValueAxis {
  if (!Number.isFinite(min) || !Number.isFinite(max))
    return { domain: [0, 1], ticks: [0, 0.5, 1], decimals: 1 };
  if (min === max) {
    // A flat line sits mid-axis, one unit of its last digit either side (21.45 → 21.44…21.46;
    // 3 → 2…4), not a tenth of its value, which made a zoomed curve read flat against 18…24.
    const decimals = Math.min(6, exactNumber(min).split('.')[1]?.length ?? 0);
    const pad = Math.max(10 ** -decimals, Math.abs(min) * 1e-6);
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals, so ticks read 0.3, not 0.30000000000000004.
  const decimals = Math.max(0, (String(+step.toPrecision(2)).split('.')[1] ?? '').length);
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)));
  return { domain: [first(ticks, 'tick'), last(ticks, 'tick')], ticks, decimals };
}

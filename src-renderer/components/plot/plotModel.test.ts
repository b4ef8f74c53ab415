import { describe, expect, it } from 'vitest';
import { decimate } from './decimate';
import {
  gapsIn,
  holdLastValues,
  linePath,
  rangeOf,
  sameValueAxes,
  viewRange,
  type Axes,
  type PlotInput,
} from './plotModel';
import { SampleBuffer } from '../../model/SampleBuffer';

const input = (buffer: SampleBuffer, change: Partial<PlotInput> = {}): PlotInput => ({
  buffer,
  fields: buffer.fields,
  visible: [0],
  windowMs: 60_000,
  pausedAt: null,
  zoom: null,
  split: false,
  resource: 'r',
  holdLast: false,
  ...change,
});

describe('what a chart shows', () => {
  it('slides a live window with the clock, stops at a pause, and obeys a zoom', () => {
    const b = new SampleBuffer();
    // Continuous: every frame moves the window, so the chart scrolls smoothly.
    expect(viewRange(input(b), 100_500)).toEqual([40_500, 100_500]);
    expect(viewRange(input(b), 100_516)).toEqual([40_516, 100_516]);
    expect(viewRange(input(b, { pausedAt: 100_500 }), 200_000)).toEqual([40_500, 100_500]);
    expect(viewRange(input(b, { zoom: [1, 2] }), 200_000)).toEqual([1, 2]);
  });

  it('shows everything buffered for "all"', () => {
    const b = new SampleBuffer();
    b.push(10_000, 1);
    b.push(60_000, 2);
    const [t0, t1] = viewRange(input(b, { windowMs: 0 }), 70_000);
    expect(t0).toBeLessThanOrEqual(10_000);
    expect(t1).toBeGreaterThanOrEqual(70_000);
  });

  it('traces lines as M/L paths; a break lifts the pen; booleans step', () => {
    const b = new SampleBuffer();
    b.push(0, 0);
    b.push(10, 10);
    b.pushBreak(15);
    b.push(20, 5);
    const [s] = decimate(b, [0], 0, 20, 100);
    const area = { x: 0, y: 0, width: 20, height: 10 };
    expect(linePath(s!, area, [0, 20], [0, 10], false)).toBe('M0.0 10.0L10.0 0.0M20.0 5.0');
    expect(linePath(s!, area, [0, 20], [0, 10], true)).toBe(
      'M0.0 10.0L10.0 10.0L10.0 0.0M20.0 5.0',
    );
  });

  it('a zoom with one sample inside fits the segments crossing the view', () => {
    const b = new SampleBuffer();
    [21.41, 21.45, 21.49, 21.43].forEach((v, i) => b.push(i * 100, v));
    const [s] = decimate(b, [0], 120, 180, 100);
    // No sample inside [120, 180]: the neighbours drawn across it set the range.
    expect(rangeOf(s!, 120, 180)).toMatchObject({ min: 21.45, max: 21.49 });
    const [wide] = decimate(b, [0], 0, 300, 100);
    expect(rangeOf(wide!, 50, 250)).toMatchObject({ min: 21.45, max: 21.49 });
  });

  it('holds an event stream value up to now, unless its line ended at a break', () => {
    const b = new SampleBuffer();
    b.push(1_000, 3);
    const series = decimate(b, [0], 0, 10_000, 100);
    holdLastValues(series, 9_000);
    expect(series[0]!.points).toEqual([
      { t: 1_000, v: 3 },
      { t: 9_000, v: 3 },
    ]);
    b.pushBreak(2_000);
    const broken = decimate(b, [0], 0, 10_000, 100);
    holdLastValues(broken, 9_000);
    expect(broken[0]!.points.at(-1)).toEqual({ t: 2_000, v: null });
  });

  it('shades an offline stretch from its break to the next sample, or to the end while it lasts', () => {
    const b = new SampleBuffer();
    b.push(0, 1);
    b.pushBreak(10);
    b.push(30, 1);
    b.pushBreak(50);
    expect(gapsIn(b, 0, 60)).toEqual([
      [50, 60],
      [10, 30],
    ]);
  });
});

describe('sameValueAxes (whether the backdrop can be reused)', () => {
  const axis = (lo: number, hi: number) => ({
    domain: [lo, hi] as [number, number],
    ticks: [lo, hi],
    decimals: 0,
  });
  const axes = (change: Partial<Axes> = {}): Axes => ({
    t0: 0,
    t1: 10_000,
    width: 600,
    ticks: [0, 5_000],
    panels: [{ fields: [0, 1], left: axis(20, 30), right: axis(1000, 1020), onRight: [1] }],
    gaps: [],
    crowded: false,
    ...change,
  });

  it('is true for equal value axes whatever the time range, false for any change of them', () => {
    expect(sameValueAxes(null, axes())).toBe(false);
    expect(sameValueAxes(axes(), axes({ t0: 40, t1: 10_040, ticks: [5_000] }))).toBe(true);
    expect(sameValueAxes(axes(), axes({ width: 601 }))).toBe(false);
    expect(sameValueAxes(axes(), axes({ crowded: true }))).toBe(false);
    const panel = axes().panels[0]!;
    const with_ = (p: Partial<typeof panel>) => axes({ panels: [{ ...panel, ...p }] });
    expect(sameValueAxes(axes(), with_({ left: axis(20, 31) }))).toBe(false);
    expect(sameValueAxes(axes(), with_({ left: { ...axis(20, 30), decimals: 1 } }))).toBe(false);
    expect(sameValueAxes(axes(), with_({ right: null, onRight: [] }))).toBe(false);
    expect(sameValueAxes(axes(), with_({ fields: [0] }))).toBe(false);
    expect(sameValueAxes(axes(), axes({ panels: [panel, panel] }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { actualRate, decimate, nearestSample, windowStats } from './decimate';
import { SampleBuffer } from '../../model/SampleBuffer';

function filled(n: number, value: (i: number) => number, stepMs = 10): SampleBuffer {
  const b = new SampleBuffer({ maxSamples: n + 10 });
  for (let i = 0; i < n; i++) b.push(i * stepMs, value(i));
  return b;
}

describe('decimation for drawing', () => {
  it('draws the samples themselves when there are at most two per pixel', () => {
    const b = filled(10, (i) => i);
    const [s] = decimate(b, [0], 0, 90, 5);
    expect(s!.decimated).toBe(false);
    expect(s!.points.map((p) => p.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps at most two points per pixel column, and a one-sample spike survives', () => {
    const b = filled(10_000, (i) => (i === 4_321 ? 1_000 : Math.sin(i / 50)));
    const [s] = decimate(b, [0], 0, 99_990, 400);
    expect(s!.decimated).toBe(true);
    expect(s!.points.length).toBeLessThanOrEqual(2 * 400 + 2);
    expect(Math.max(...s!.points.map((p) => p.v ?? -Infinity))).toBe(1_000);
    expect(Math.min(...s!.points.map((p) => p.v ?? Infinity))).toBeCloseTo(-1, 2);
    // Points stay in time order, so the line never doubles back.
    const ts = s!.points.map((p) => p.t);
    expect([...ts].sort((x, y) => x - y)).toEqual(ts);
  });

  it('includes one neighbour outside the window, so lines reach both edges', () => {
    const b = filled(10, (i) => i, 100);
    const [s] = decimate(b, [0], 250, 650, 100);
    expect(s!.points.map((p) => p.t)).toEqual([200, 300, 400, 500, 600, 700]);
  });

  it('ends the line at a break, decimated or not', () => {
    const b = new SampleBuffer();
    for (let i = 0; i < 5; i++) b.push(i, i);
    b.pushBreak(5);
    for (let i = 10; i < 15; i++) b.push(i, i);
    expect(decimate(b, [0], 0, 14, 100)[0]!.points.filter((p) => p.v === null)).toEqual([
      { t: 5, v: null },
    ]);
    expect(decimate(b, [0], 0, 14, 2)[0]!.points.filter((p) => p.v === null)).toHaveLength(1);
  });

  it('skips samples where a field had no value (fields that come and go)', () => {
    const b = new SampleBuffer();
    b.push(0, { a: 1 });
    b.push(1, { a: 2, b: 20 });
    b.push(2, { a: 3 });
    const [, bSeries] = decimate(b, [0, 1], 0, 2, 100);
    expect(bSeries!.points).toEqual([{ t: 1, v: 20 }]);
  });
});

describe('numbers about a window', () => {
  it('gives min, max and mean in the window and the latest value up to its end', () => {
    const b = filled(10, (i) => i, 1_000);
    expect(windowStats(b, [0], 2_000, 9_000)[0]).toMatchObject({ last: 9, lastTime: 9_000 });
    // Paused or zoomed on [2 s, 5 s]: Last is the value the view ends with, never beyond Max.
    const [s] = windowStats(b, [0], 2_000, 5_000);
    expect(s).toMatchObject({ count: 4, min: 2, max: 5, mean: 3.5, last: 5, lastTime: 5_000 });
  });

  it('measures the actual rate over the recent samples, stopping at a break', () => {
    const b = filled(101, (i) => i, 100); // 10 per second for 10 s
    expect(actualRate(b, 10_000, 10_000)).toBeCloseTo(10, 5);
    b.pushBreak(10_050);
    expect(actualRate(b, 10_100)).toBeNaN();
  });

  it('finds the sample nearest to a time for the tooltip', () => {
    const b = filled(5, (i) => i, 100);
    expect(nearestSample(b, 140, [0])).toBe(1);
    expect(nearestSample(b, 160, [0])).toBe(2);
    expect(nearestSample(b, 10_000, [0])).toBe(4);
    expect(nearestSample(new SampleBuffer(), 0, [0])).toBe(-1);
  });
});

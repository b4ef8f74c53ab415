import { describe, expect, it } from 'vitest';
import { axisNumber, exactNumber, meanNumber, niceAxis, planAxes, timeTicks } from './axes';

const r = (field: number, min: number, max: number) => ({ field, min, max });

describe('chart axes', () => {
  it('keeps fields of similar size on one axis', () => {
    expect(planAxes([r(0, 18, 24), r(1, 35, 60)])).toEqual({
      left: [0, 1],
      right: [],
      crowded: false,
    });
  });

  it('gives fields of very different size their own axis, the first field staying left', () => {
    expect(planAxes([r(0, 980, 1_020), r(1, 18, 24), r(2, 30, 60)])).toEqual({
      left: [0],
      right: [1, 2],
      crowded: false,
    });
    // Three magnitudes cannot share two axes well: the chart suggests splitting.
    expect(planAxes([r(0, 0.01, 0.02), r(1, 18, 24), r(2, 90_000, 100_000)]).crowded).toBe(true);
  });

  it('puts wall-clock ticks on round steps', () => {
    const t0 = new Date(2026, 0, 1, 14, 0, 3).getTime();
    const ticks = timeTicks(t0, t0 + 60_000, 600);
    const step = ticks[1]! - ticks[0]!;
    expect(step).toBe(10_000);
    expect(new Date(ticks[0]!).getSeconds()).toBe(10);
  });

  it('prints float32 values at float32 precision and others exactly', () => {
    expect(exactNumber(Math.fround(0.1))).toBe('0.1');
    expect(exactNumber(0.1)).toBe('0.1');
    expect(exactNumber(1 / 3)).toBe(String(1 / 3));
    expect(exactNumber(42)).toBe('42');
    expect(exactNumber(NaN)).toBe('NaN');
    expect(exactNumber(-Infinity)).toBe('−∞');
  });

  it('gives a mean one decimal more than its samples show', () => {
    expect(meanNumber(21.76543, 21.43, 22.1)).toBe('21.765');
    expect(meanNumber(3, 3, 3)).toBe('3.0');
  });

  it('puts Y ticks on 1-2-5 steps around the data, even when it is flat', () => {
    expect(niceAxis(21.3, 48.9)).toEqual({
      domain: [20, 50],
      ticks: [20, 30, 40, 50],
      decimals: 0,
    });
    expect(niceAxis(3, 3, 3).domain).toEqual([2, 4]);
    // A zoom onto one sample of 21.45 keeps the value's own scale, not 18…24.
    const [lo, hi] = niceAxis(21.45, 21.45).domain;
    expect(lo).toBeLessThan(21.45);
    expect(hi).toBeGreaterThan(21.45);
    expect(hi - lo).toBeLessThan(0.05);
    expect(niceAxis(0.1, 0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('labels Y ticks with the decimals their step needs', () => {
    const axis = niceAxis(1015.1, 1016.9);
    expect(axis.ticks.map((v) => axisNumber(v, axis.decimals))).toEqual([
      '1015.0',
      '1015.5',
      '1016.0',
      '1016.5',
      '1017.0',
    ]);
    const quarter = niceAxis(0, 1);
    expect(quarter.ticks.map((v) => axisNumber(v, quarter.decimals))).toEqual([
      '0.00',
      '0.25',
      '0.50',
      '0.75',
      '1.00',
    ]);
    expect(axisNumber(2_500_000, 0)).toBe('2.5M');
  });
});

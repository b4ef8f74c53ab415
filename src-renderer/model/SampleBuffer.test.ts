import { describe, expect, it } from 'vitest';
import { numericFields, SampleBuffer } from './SampleBuffer';

const times = (b: SampleBuffer): number[] => Array.from({ length: b.size }, (_, i) => b.time(i));
const column = (b: SampleBuffer, f: number): number[] =>
  Array.from({ length: b.size }, (_, i) => b.value(f, i));

describe('flattening a value into numeric fields', () => {
  it('gives a bare number the empty path and flattens maps to dotted paths in key order', () => {
    expect(numericFields(21.5)).toEqual([{ path: '', kind: 'number' }]);
    expect(numericFields({ env: { temp: 21, hum: 40 }, ok: true, name: 'x' })).toEqual([
      { path: 'env.temp', kind: 'number' },
      { path: 'env.hum', kind: 'number' },
      { path: 'ok', kind: 'boolean' },
    ]);
  });

  it('indexes array items and reads the JSON forms of non-finite doubles and big integers', () => {
    expect(numericFields({ axis: [1, 2], sensors: [{ t: 3 }] }).map((f) => f.path)).toEqual([
      'axis[0]',
      'axis[1]',
      'sensors[0].t',
    ]);
    const b = new SampleBuffer();
    b.push(1, {
      a: { $double: 'Infinity' },
      b: { $bigint: '9007199254740993' },
      c: { $double: 'NaN' },
    });
    expect(b.fields.map((f) => f.path)).toEqual(['a', 'b', 'c']);
    expect(b.value(0, 0)).toBe(Infinity);
    expect(b.value(1, 0)).toBe(9007199254740992);
  });

  it('finds no number in strings, bytes, null or empty values', () => {
    expect(numericFields('23.5')).toEqual([]);
    expect(numericFields({ $bytes: '0a0b' })).toEqual([]);
    expect(numericFields(null)).toEqual([]);
    expect(numericFields({ $empty: true })).toEqual([]);
  });
});

describe('the sample ring buffer', () => {
  it('keeps the newest samples, oldest first, once it wraps at its sample bound', () => {
    const b = new SampleBuffer({ maxSamples: 4 });
    for (let i = 1; i <= 6; i++) b.push(i * 100, i);
    expect(b.capacity).toBe(4);
    expect(times(b)).toEqual([300, 400, 500, 600]);
    expect(column(b, 0)).toEqual([3, 4, 5, 6]);
    expect(b.total).toBe(6);
  });

  it('holds fewer samples when the fields would exceed its byte budget, dropping the oldest', () => {
    // 9 bytes per sample + 8 per field: one field → 17 B (6 fit in 100 B), three → 33 B (3 fit).
    const b = new SampleBuffer({ maxSamples: 1_000, maxBytes: 100 });
    for (let i = 0; i < 5; i++) b.push(i, { a: i });
    expect(b.capacity).toBe(5);
    b.push(5, { a: 5, b: 50, c: 500 });
    expect(b.capacity).toBe(3);
    expect(b.bytes).toBeLessThanOrEqual(100);
    expect(times(b)).toEqual([3, 4, 5]);
    expect(column(b, 0)).toEqual([3, 4, 5]);
    // A field that appears later has no value for earlier samples.
    expect(column(b, 1)).toEqual([NaN, NaN, 50]);
  });

  it('marks breaks once, and a break is not a sample', () => {
    const b = new SampleBuffer();
    b.pushBreak(5); // nothing to break yet
    b.push(10, 1);
    b.pushBreak(20);
    b.pushBreak(21);
    b.push(30, 2);
    expect(times(b)).toEqual([10, 20, 30]);
    expect([0, 1, 2].map((i) => b.isBreak(i))).toEqual([false, true, false]);
    expect(b.total).toBe(2);
    expect(b.samples).toBe(2);
  });

  it('counts the samples it holds apart from the break marks, also once they wrap', () => {
    const b = new SampleBuffer({ maxSamples: 3 });
    b.push(1, 1);
    b.pushBreak(2);
    b.push(3, 3);
    expect(b.samples).toBe(2);
    b.push(4, 4);
    b.push(5, 5); // the break mark leaves the ring
    expect([b.size, b.samples]).toEqual([3, 3]);
  });

  it('finds the first sample at or after a time', () => {
    const b = new SampleBuffer({ maxSamples: 3 });
    for (const t of [10, 20, 30, 40]) b.push(t, t);
    expect([0, 20, 25, 40, 41].map((t) => b.lowerBound(t))).toEqual([0, 0, 1, 2, 3]);
  });

  it('charts at most maxSeries fields and counts the ones it leaves out', () => {
    const b = new SampleBuffer({ maxSeries: 2 });
    b.push(1, { a: 1, b: 2, c: 3, d: 4 });
    b.push(2, { a: 1, b: 2, c: 3, d: 4 });
    expect(b.fields.map((f) => f.path)).toEqual(['a', 'b']);
    expect(b.ignoredFields).toBe(2);
  });

  it('stores nothing for a value without numbers but remembers it', () => {
    const b = new SampleBuffer();
    expect(b.push(1, { state: 'open' })).toBe(false);
    expect(b.size).toBe(0);
    expect(b.nonNumeric).toBe(1);
    expect(b.lastValue).toEqual({ state: 'open' });
  });

  it('clears its samples but keeps its fields', () => {
    const b = new SampleBuffer();
    b.push(1, { a: 1 });
    const v = b.version;
    b.clear();
    expect(b.size).toBe(0);
    expect(b.version).toBeGreaterThan(v);
    expect(b.fields).toHaveLength(1);
  });
});

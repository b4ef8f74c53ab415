import { describe, expect, it } from 'vitest';
import { float32Text, hasNumbers, shapeOf, summaryText, valuesEqual } from './pson';

describe('PSON values in the JSON conventions', () => {
  it('names the shape of every convention of protocol/json.ts', () => {
    expect(shapeOf({ $bigint: '1' })).toBe('bigint');
    expect(shapeOf({ $bytes: '00' })).toBe('bytes');
    expect(shapeOf({ $double: 'NaN' })).toBe('nonfinite');
    expect(shapeOf({ $empty: true })).toBe('empty');
    expect(shapeOf({ $bytes: '00', other: 1 })).toBe('map');
    expect(shapeOf(1.5)).toBe('float');
    expect(shapeOf(2)).toBe('integer');
  });

  it('finds the shortest text of a binary32 (IOTMP.md §4.3), and leaves doubles alone', () => {
    expect(float32Text(0.10000000149011612)).toBe('0.1');
    expect(float32Text(3.4028234663852886e38)).toBe('3.4028235e+38');
    expect(float32Text(0.1)).toBeNull();
    expect(float32Text(2)).toBeNull();
  });

  it('compares maps regardless of key order', () => {
    expect(valuesEqual({ a: 1, b: [true] }, { b: [true], a: 1 })).toBe(true);
    expect(valuesEqual({ a: 1 }, { a: 2 })).toBe(false);
  });

  it('summarises values for sentences', () => {
    expect(summaryText(40)).toBe('40');
    expect(summaryText({ $bytes: 'dead' })).toBe('0xdead');
    expect(summaryText('x'.repeat(100), 10)).toBe('"xxxxxxxx…');
  });
});

describe('hasNumbers', () => {
  it('finds a number or boolean at any depth, and nothing in text, bytes or null', () => {
    expect(hasNumbers(21.5)).toBe(true);
    expect(hasNumbers({ env: { t: 21.5 } })).toBe(true);
    expect(hasNumbers([false])).toBe(true);
    expect(hasNumbers({ text: 'hello' })).toBe(false);
    expect(hasNumbers({ $bytes: '0a0b' })).toBe(false);
    expect(hasNumbers(null)).toBe(false);
    expect(hasNumbers(undefined)).toBe(false);
  });
});

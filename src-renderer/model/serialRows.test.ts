import { describe, expect, it } from 'vitest';
import { hexRows, RowBuffer } from './serialRows';

const texts = (b: RowBuffer): string[] => b.all().map((r) => r.text);

describe('serial buffer bounds', () => {
  it('keeps the newest rows within the row bound and counts the dropped ones', () => {
    const b = new RowBuffer(3, 1_000);
    b.push([1, 2, 3, 4, 5].map((n) => ({ seq: n, t: n, text: `line ${n}` })));
    expect(texts(b)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(b.dropped).toBe(2);
    expect(b.end).toBe(5);
    b.clear();
    expect([b.length, b.dropped, b.end]).toEqual([0, 0, 0]);
  });

  it('keeps within the character bound (4 MiB in the app) however few the rows', () => {
    const b = new RowBuffer(10_000, 10);
    b.push([
      { seq: 1, t: 0, text: 'abcdef' },
      { seq: 2, t: 0, text: 'ghijkl' },
    ]);
    expect(texts(b)).toEqual(['ghijkl']);
    b.push([{ seq: 3, t: 0, text: 'x'.repeat(20) }]);
    expect(b.length).toBe(0); // a row larger than the bound is not kept either
    expect(b.dropped).toBe(3);
  });

  it("hex rows hold 16 bytes each, with the chunk's time", () => {
    const rows = hexRows(4, 99, '00'.repeat(20));
    expect(rows.map((r) => r.text.length / 2)).toEqual([16, 4]);
    expect(rows.every((r) => r.seq === 4 && r.t === 99)).toBe(true);
  });
});

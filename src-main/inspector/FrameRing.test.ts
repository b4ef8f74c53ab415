import { describe, expect, it } from 'vitest';
import { FrameRing } from './FrameRing';

/** A deterministic byte pattern per frame, so a mixed-up slice cannot pass. */
function frameBytes(seq: number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = (seq * 31 + i * 7) & 0xff;
  return b;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('FrameRing', () => {
  it('keeps frames oldest first with their facts and bytes, and filters by sequence', () => {
    const r = new FrameRing(100, 4096);
    r.push(1, 1000, false, 1, frameBytes(1, 6), 6);
    r.push(2, 1001, true, 0, frameBytes(2, 2), 9, { note: 'x' });
    expect(r.entries()).toEqual([
      {
        seq: 1,
        time: 1000,
        direction: 'in',
        pv: 1,
        bytes: frameBytes(1, 6),
        size: 6,
        extra: undefined,
      },
      {
        seq: 2,
        time: 1001,
        direction: 'out',
        pv: 0,
        bytes: frameBytes(2, 2),
        size: 9,
        extra: { note: 'x' },
      },
    ]);
    expect(r.entries(1).map((e) => e.seq)).toEqual([2]);
    expect(r.last()?.seq).toBe(2);
  });

  it('copies the bytes: later changes to the caller’s buffer do not reach the ring', () => {
    const r = new FrameRing(10, 1024);
    const b = frameBytes(1, 4);
    r.push(1, 0, false, 1, b, 4);
    b.fill(0);
    expect(r.entries()[0]!.bytes).toEqual(frameBytes(1, 4));
  });

  it('drops the oldest frames past the frame limit, and their extras with them', () => {
    const r = new FrameRing(3, 4096);
    for (let s = 1; s <= 5; s++) r.push(s, s, false, 1, frameBytes(s, 5), 5, { s });
    expect(r.entries().map((e) => [e.seq, e.extra])).toEqual([
      [3, { s: 3 }],
      [4, { s: 4 }],
      [5, { s: 5 }],
    ]);
  });

  it('keeps fewer frames when their bytes pass the byte budget, never more bytes than it', () => {
    const r = new FrameRing(100, 1000);
    for (let s = 1; s <= 20; s++) r.push(s, s, false, 1, frameBytes(s, 300), 300);
    const kept = r.entries();
    expect(kept.map((e) => e.seq)).toEqual([18, 19, 20]);
    for (const e of kept) expect(e.bytes).toEqual(frameBytes(e.seq, 300));
  });

  it('cuts a frame larger than the whole budget to the budget', () => {
    const r = new FrameRing(10, 64);
    r.push(1, 0, false, 1, frameBytes(1, 200), 200);
    expect(r.entries()[0]!.bytes).toEqual(frameBytes(1, 200).subarray(0, 64));
    expect(r.entries()[0]!.size).toBe(200);
  });

  it('starts again empty after clear', () => {
    const r = new FrameRing(10, 1024);
    r.push(1, 0, false, 1, frameBytes(1, 10), 10, 'e');
    r.clear();
    expect(r.entries()).toEqual([]);
    r.push(2, 0, false, 1, frameBytes(2, 10), 10);
    expect(r.entries().map((e) => [e.seq, e.extra])).toEqual([[2, undefined]]);
  });

  it.each([1, 2, 3, 4, 5])(
    'always holds the newest frames, intact and in order, under random sizes (seed %i)',
    (seed) => {
      const rand = lcg(seed);
      const maxFrames = 1 + Math.floor(rand() * 120);
      const maxBytes = 256 + Math.floor(rand() * 8000);
      const maxLen = 1 + Math.floor(rand() * 300);
      const r = new FrameRing(maxFrames, maxBytes);
      const lengths: number[] = [];
      for (let seq = 1; seq <= 3000; seq++) {
        const len = Math.floor(rand() * rand() * maxLen) + 1;
        lengths.push(len);
        r.push(
          seq,
          seq * 10,
          seq % 3 === 0,
          1,
          frameBytes(seq, len),
          len,
          seq % 7 === 0 ? seq : undefined,
        );
        if (seq % 37 !== 0 && seq < 2990) continue;
        const kept = r.entries();
        // A suffix of what was pushed, each frame byte-exact.
        expect(kept.at(-1)!.seq).toBe(seq);
        kept.forEach((e, k) => {
          expect(e.seq).toBe(seq - kept.length + 1 + k);
          expect(e.bytes).toEqual(frameBytes(e.seq, lengths[e.seq - 1]!));
          expect(e.extra).toBe(e.seq % 7 === 0 ? e.seq : undefined);
          expect(e.direction).toBe(e.seq % 3 === 0 ? 'out' : 'in');
        });
        // Within both budgets, and not wasteful: at most two frames' worth of bytes unused.
        expect(kept.length).toBeLessThanOrEqual(maxFrames);
        const keptBytes = kept.reduce((n, e) => n + e.bytes.length, 0);
        expect(keptBytes).toBeLessThanOrEqual(maxBytes);
        let fit = 0;
        for (let sum = 0; fit < Math.min(maxFrames, seq); fit++) {
          sum += lengths[seq - 1 - fit]!;
          if (sum > maxBytes - 2 * maxLen) break;
        }
        expect(kept.length).toBeGreaterThanOrEqual(fit);
      }
    },
  );
});

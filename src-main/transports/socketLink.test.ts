import { describe, expect, it } from 'vitest';
import { ownBytes } from './socketLink';

describe('ownBytes (a frame that will wait in a socket queue)', () => {
  it('copies a view of a larger buffer, so the queue does not pin the encoder chunk', () => {
    const chunk = new Uint8Array(16 * 1024);
    chunk.set([1, 2, 3], 100);
    const frame = chunk.subarray(100, 103);
    const own = ownBytes(frame);
    expect([...own]).toEqual([1, 2, 3]);
    expect(own.buffer.byteLength).toBe(3);
  });

  it('passes a frame that already owns its buffer as it is', () => {
    const frame = new Uint8Array([5, 0]);
    expect(ownBytes(frame)).toBe(frame);
  });
});

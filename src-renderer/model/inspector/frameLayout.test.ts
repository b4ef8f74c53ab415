import { describe, expect, it } from 'vitest';
import { ok, run } from '@protocol/message';
import { errorOffsetInFrame, frameLayout } from './frameLayout';
import { inspected, malformed } from './testFrames';

describe('frame layout', () => {
  it('places the header and each field, key and value, in the bytes', () => {
    const f = inspected(1, 'out', run(5, 'led', { payload: true }));
    const layout = frameLayout(f.hex, 1);
    expect(layout.type).toEqual({ start: 0, end: 1 });
    expect(layout.size).toEqual({ start: 1, end: 2 });
    expect(layout.bodySize).toBe(f.size - 2);
    expect(layout.fields.map((x) => x.name)).toEqual(['stream_id', 'payload', 'resource']);
    // stream id: key 0x08 and varint 5; then contiguous up to the end of the frame.
    expect(layout.fields[0]!.range).toEqual({ start: 2, end: 4 });
    expect(layout.fields[1]!.range.start).toBe(4);
    expect(layout.fields[2]!.range.end).toBe(f.size);
    expect(Array.from(layout.bytes.subarray(2, 4))).toEqual([0x08, 5]);
  });

  it('keeps what it could read of a cut or malformed frame', () => {
    const layout = frameLayout(malformed(1).hex, 1);
    expect(layout.type).not.toBeNull();
    expect(layout.fields).toEqual([]);
    expect(frameLayout('zz', 1).bytes).toHaveLength(0);
    const cut = inspected(2, 'in', ok(300, { payload: 'x'.repeat(40) }));
    expect(frameLayout(cut.hex.slice(0, 12), 1).fields.map((x) => x.name)).toEqual(['stream_id']);
  });

  it('places a decoding error in the frame, though the broker counts body errors from the body', () => {
    const whole = frameLayout('06030f0000', 1);
    expect(errorOffsetInFrame(whole, 5, 1, { code: 'UNKNOWN_WIRE_TYPE', offset: 0 })).toBe(2);
    // Cut bytes cannot be decoded again: the header size is added to a body error.
    const cut = frameLayout('06090f', 1);
    expect(errorOffsetInFrame(cut, 11, 1, { code: 'PSON_TRUNCATED', offset: 1 })).toBe(3);
    expect(errorOffsetInFrame(cut, 11, 1, { code: 'FRAME_TOO_LARGE', offset: 1 })).toBe(1);
    expect(errorOffsetInFrame(cut, 11, 1, { code: null, offset: null })).toBeNull();
  });
});

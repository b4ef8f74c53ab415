/** The incremental frame splitter (IOTMP.md §2.1, §2.4, §10.2). */
import { describe, expect, it } from 'vitest';
import {
  CodecErrorCode,
  FrameParser,
  IotmpCodecError,
  bytesToHex,
  decodeBody,
  encodeFrame,
  hexToBytes,
  keepAlive,
  ok,
  run,
  splitFrames,
  streamData,
  type RawFrame,
} from './index';

function collect(maxBodySize?: number): { parser: FrameParser; frames: string[] } {
  const frames: string[] = [];
  const parser = new FrameParser({
    ...(maxBodySize !== undefined ? { maxBodySize } : {}),
    onFrame: (f: RawFrame) => frames.push(bytesToHex(f.bytes)),
  });
  return { parser, frames };
}

const sample = [
  encodeFrame(ok(17767), 1),
  encodeFrame(keepAlive(), 1),
  encodeFrame(run(67, 'led', { payload: true }), 1),
  encodeFrame(streamData(203, new Uint8Array(1000).fill(7)), 1), // 2-byte size varint
].map((b) => b.slice());
const stream = Uint8Array.from(sample.flatMap((b) => [...b]));
const expected = sample.map(bytesToHex);

describe('FrameParser', () => {
  it('splits back-to-back frames delivered in one chunk', () => {
    const { parser, frames } = collect();
    parser.push(stream);
    expect(frames).toEqual(expected);
    expect(parser.buffered).toBe(0);
  });

  it('reassembles frames fed one byte at a time', () => {
    const { parser, frames } = collect();
    for (let i = 0; i < stream.length; i++) parser.push(stream.subarray(i, i + 1));
    expect(frames).toEqual(expected);
  });

  it('reassembles frames from every two-way split of the stream', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const { parser, frames } = collect();
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expect(frames).toEqual(expected);
    }
  });

  it('hands out a body that decodes to the sent message', () => {
    const bodies: RawFrame[] = [];
    const parser = new FrameParser({ onFrame: (f) => bodies.push(f) });
    parser.push(encodeFrame(run(67, 'led', { payload: true }), 1));
    const m = decodeBody(bodies[0]!.type, bodies[0]!.body, 1);
    expect(m.fields.get(4)).toBe('led');
    expect(m.fields.get(3)).toBe(true);
  });

  it('rejects a declared 4 GiB body from the header alone, holding at most the header', () => {
    const { parser } = collect();
    let error: unknown;
    try {
      parser.push(hexToBytes('06ffffffff0f'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IotmpCodecError);
    expect((error as IotmpCodecError).code).toBe(CodecErrorCode.FRAME_TOO_LARGE);
    expect(parser.buffered).toBeLessThanOrEqual(10);
  });

  it('rejects an oversized size varint split across chunks', () => {
    const { parser } = collect(1024);
    parser.push(hexToBytes('06'));
    parser.push(hexToBytes('81'));
    expect(() => parser.push(hexToBytes('08'))).toThrow(/FRAME_TOO_LARGE/); // 1025 > 1024
  });

  it('refuses a header varint longer than 5 bytes', () => {
    const { parser } = collect();
    expect(() => parser.push(hexToBytes('01ffffffffff01'))).toThrow(/VARINT_OVERFLOW/);
  });

  it('stays failed after a framing error: the stream cannot be resynchronised', () => {
    const { parser, frames } = collect(16);
    expect(() => parser.push(hexToBytes('0111'))).toThrow(/FRAME_TOO_LARGE/);
    expect(() => parser.push(encodeFrame(keepAlive(), 1))).toThrow(/FRAME_TOO_LARGE/);
    expect(parser.error?.code).toBe(CodecErrorCode.FRAME_TOO_LARGE);
    expect(frames).toEqual([]);
  });

  it('delivers the frames that precede a framing error in the same chunk', () => {
    const { parser, frames } = collect(16);
    expect(() => parser.push(hexToBytes('0500' + '0111'))).toThrow(/FRAME_TOO_LARGE/);
    expect(frames).toEqual(['0500']);
  });

  it('never buffers more than one frame at its maximum size', () => {
    const max = 300;
    const { parser, frames } = collect(max);
    const big = encodeFrame(streamData(1, new Uint8Array(290)), 1).slice();
    let peak = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < big.length; i += 7) {
        parser.push(big.subarray(i, i + 7));
        peak = Math.max(peak, parser.buffered);
      }
    }
    expect(frames).toHaveLength(3);
    expect(peak).toBeLessThanOrEqual(max + 10);
  });

  it('allocates for the bytes that arrived, not for the body a header declares (D3)', () => {
    const { parser, frames } = collect(256 * 1024);
    // `03 80 80 10`: a CONNECT declaring a 256 KiB body, then nothing.
    parser.push(hexToBytes('03808010'));
    expect(parser.allocated).toBeLessThanOrEqual(1024);
    parser.push(hexToBytes('00'.repeat(10)));
    expect(parser.allocated).toBeLessThanOrEqual(1024);
    // As the body really arrives the buffer grows with it (at most about twice what came).
    let arrived = 14;
    while (arrived < 4 + 256 * 1024) {
      const n = Math.min(5000, 4 + 256 * 1024 - arrived);
      parser.push(new Uint8Array(n));
      arrived += n;
      if (frames.length === 0) expect(parser.allocated).toBeLessThanOrEqual(2 * arrived);
    }
    expect(frames).toHaveLength(1);
    expect(frames[0]!.length).toBe(2 * (4 + 256 * 1024));
  });

  it('takes a lower bound between frames (before CONNECT a peer may declare little)', () => {
    const { parser } = collect(256 * 1024);
    parser.maxBodySize = 4096;
    expect(() => parser.push(hexToBytes('03808010'))).toThrow(/FRAME_TOO_LARGE/);
  });

  it('emits empty-body frames as soon as their header completes', () => {
    const { parser, frames } = collect();
    parser.push(hexToBytes('05'));
    expect(frames).toEqual([]);
    parser.push(hexToBytes('00'));
    expect(frames).toEqual(['0500']);
  });
});

describe('splitFrames (a connection between frames, no parser of its own)', () => {
  const sink = (): { frames: string[]; onFrame: (f: RawFrame) => void } => {
    const frames: string[] = [];
    return { frames, onFrame: (f) => frames.push(bytesToHex(f.bytes)) };
  };

  it('hands on every whole frame and says where the unfinished one begins', () => {
    const s = sink();
    expect(splitFrames(stream, 0, 4096, s)).toBe(stream.length);
    expect(s.frames).toEqual(expected);
    const cut = stream.length - 10; // inside the last frame's body
    const t = sink();
    const rest = splitFrames(stream.subarray(0, cut), 0, 4096, t);
    expect(t.frames).toEqual(expected.slice(0, 3));
    expect(rest).toBe(stream.length - sample[3]!.length);
    // Inside a header: also left for a parser.
    expect(splitFrames(hexToBytes('0500' + '06'), 0, 4096, sink())).toBe(2);
  });

  it('refuses a declared body over the limit after the frames before it (§10.2)', () => {
    const s = sink();
    expect(() => splitFrames(hexToBytes('0500' + '0111'), 0, 16, s)).toThrow(/FRAME_TOO_LARGE/);
    expect(s.frames).toEqual(['0500']);
  });
});

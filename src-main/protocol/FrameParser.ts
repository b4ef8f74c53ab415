/**
 * Incremental frame splitter for a byte stream (IOTMP.md §2.1). Fed arbitrary chunks, it calls
 * `onFrame` for each complete frame. It never holds more than one frame (at most
 * `maxBodySize` + the 10 header bytes) and refuses a declared body over the limit before
 * allocating (§2.4, §10.2). Its buffer grows with the bytes that actually arrived, never with
 * what a header declares: four bytes claiming a 256 KiB body cost a few bytes, not 256 KiB (D3).
 * A framing error is fatal: the stream cannot be resynchronised, so every later `push` throws
 * the same error.
 */
import { readFrameHeader } from './codec';
import { IotmpCodecError } from './errors';
import { DEFAULT_LIMITS, MAX_HEADER_BYTES } from './limits';

export interface RawFrame {
  type: number;
  /** The body bytes (a view; copy to keep them past the callback). */
  body: Uint8Array;
  /** The whole frame, header included (a view; for inspectors and logs). */
  bytes: Uint8Array;
}

/** Where frames go: an object's method, so a connection needs no closure of its own. */
export interface FrameSink {
  onFrame(frame: RawFrame): void;
}

export interface FrameParserOptions {
  maxBodySize?: number;
  /** A function, or an object whose `onFrame` is called (thousands of connections, no closures). */
  onFrame: ((frame: RawFrame) => void) | FrameSink;
}

/**
 * Hands on the whole frames of `chunk` from `pos`, in place (views of `chunk`); returns where
 * an unfinished frame begins (`chunk.length` when none is left). A connection between frames
 * needs no state for this: only a frame split across chunks needs a FrameParser, so thousands of
 * idle connections can hold none (docs/performance.md). Throws IotmpCodecError when a header
 * declares a body over `maxBodySize` (§2.4, §10.2), after the frames before it.
 */
export function splitFrames(
  chunk: Uint8Array,
  pos: number,
  maxBodySize: number,
  sink: FrameSink,
): number {
  const end = chunk.length;
  while (pos < end) {
    const h = readFrameHeader(chunk, pos, end, maxBodySize);
    if (h === null) return pos;
    const size = h.headerSize + h.bodySize;
    if (end - pos < size) return pos;
    // Views made directly (a third of what `subarray` costs, which looks up the species):
    // one frame per socket read is the broker's hot path.
    const at = chunk.byteOffset + pos;
    const bytes = new Uint8Array(chunk.buffer, at, size);
    const body = new Uint8Array(chunk.buffer, at + h.headerSize, h.bodySize);
    sink.onFrame({ type: h.type, body, bytes });
    pos += size;
  }
  return end;
}

/** First buffer for a frame split across chunks; it doubles as bytes arrive, up to the frame. */
const INITIAL_FRAME_BUFFER = 1024;

export class FrameParser {
  /** Largest body a header may declare; may be changed between frames (e.g. after CONNECT). */
  maxBodySize: number;
  private readonly sink: FrameSink;
  /** A header split across chunks (rare): allocated then, so an idle connection holds none. */
  private header: Uint8Array | null = null;
  private headerLen = 0;
  /** The frame being assembled (header + body) once its header is known; grows as bytes come. */
  private frame: Uint8Array | null = null;
  /** Size of that frame (header + declared body). */
  private frameSize = 0;
  private frameType = 0;
  private bodyAt = 0;
  private filled = 0;
  private failure: IotmpCodecError | null = null;

  constructor(options: FrameParserOptions) {
    this.maxBodySize = options.maxBodySize ?? DEFAULT_LIMITS.maxBodySize;
    const { onFrame } = options;
    this.sink = typeof onFrame === 'function' ? { onFrame } : onFrame;
  }

  /** Bytes held for an unfinished frame. */
  get buffered(): number {
    return this.frame ? this.filled : this.headerLen;
  }

  /** Bytes allocated for the unfinished frame (bounded by about twice what arrived). */
  get allocated(): number {
    return this.frame?.length ?? 0;
  }

  /** The error that stopped this parser, if any. */
  get error(): IotmpCodecError | null {
    return this.failure;
  }

  push(chunk: Uint8Array): void {
    if (this.failure) throw this.failure;
    try {
      this.consume(chunk);
    } catch (e) {
      if (e instanceof IotmpCodecError) this.failure = e;
      throw e;
    }
  }

  private consume(chunk: Uint8Array): void {
    const end = chunk.length;
    let pos = 0;
    while (pos < end) {
      if (this.frame) {
        pos = this.fillBody(this.frame, chunk, pos);
        continue;
      }
      if (this.headerLen === 0) {
        // Fast path: whole frames in this chunk are handed on in place.
        pos = splitFrames(chunk, pos, this.maxBodySize, this.sink);
        if (pos === end) return;
        // What is left is an unfinished frame: keep its bytes.
        const h = readFrameHeader(chunk, pos, end, this.maxBodySize);
        if (h === null) {
          this.header ??= new Uint8Array(MAX_HEADER_BYTES);
          this.header.set(chunk.subarray(pos, end));
          this.headerLen = end - pos;
        } else {
          const size = h.headerSize + h.bodySize;
          this.begin(h.type, h.headerSize, size, end - pos).set(chunk.subarray(pos, end));
          this.filled = end - pos;
        }
        return;
      }
      // A header split across chunks: top up the small header buffer and retry.
      const take = Math.min(MAX_HEADER_BYTES - this.headerLen, end - pos);
      this.header ??= new Uint8Array(MAX_HEADER_BYTES);
      this.header.set(chunk.subarray(pos, pos + take), this.headerLen);
      const before = this.headerLen;
      this.headerLen += take;
      const h = readFrameHeader(this.header, 0, this.headerLen, this.maxBodySize);
      if (h === null) {
        pos += take;
        continue;
      }
      pos += h.headerSize - before; // bytes of this chunk that belonged to the header
      const frame = this.begin(h.type, h.headerSize, h.headerSize + h.bodySize, h.headerSize);
      frame.set(this.header.subarray(0, h.headerSize));
      this.filled = h.headerSize;
      this.headerLen = 0;
      if (h.bodySize === 0) this.emit(frame);
    }
  }

  /**
   * Starts a frame of `size` bytes with a buffer sized for what has arrived so far; returns that
   * buffer (also `this.frame` until the frame is emitted).
   */
  private begin(type: number, headerSize: number, size: number, arrived: number): Uint8Array {
    const frame = new Uint8Array(Math.min(size, Math.max(INITIAL_FRAME_BUFFER, arrived)));
    this.frame = frame;
    this.frameSize = size;
    this.frameType = type;
    this.bodyAt = headerSize;
    return frame;
  }

  /** Copies body bytes into `frame` (= `this.frame`), growing it as they come. */
  private fillBody(frame: Uint8Array, chunk: Uint8Array, pos: number): number {
    const take = Math.min(this.frameSize - this.filled, chunk.length - pos);
    const need = this.filled + take;
    if (need > frame.length) {
      // Doubling keeps copying linear; never past the frame's own size.
      const grown = new Uint8Array(Math.min(this.frameSize, Math.max(need, frame.length * 2)));
      grown.set(frame.subarray(0, this.filled));
      this.frame = frame = grown;
    }
    frame.set(chunk.subarray(pos, pos + take), this.filled);
    this.filled = need;
    if (this.filled === this.frameSize) this.emit(frame);
    return pos + take;
  }

  /** Hands on the completed frame `bytes` (= `this.frame`). */
  private emit(bytes: Uint8Array): void {
    this.frame = null;
    this.filled = 0;
    this.sink.onFrame({ type: this.frameType, body: bytes.subarray(this.bodyAt), bytes });
  }
}

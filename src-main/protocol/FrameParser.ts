/**
 * Incremental frame splitter for a byte stream (IOTMP.md §2.1). Fed arbitrary chunks, it calls
 * `onFrame` for each complete frame. It never holds more than one frame (at most
 * `maxBodySize` + the 10 header bytes) and refuses a declared body over the limit before
 * allocating (§2.4, §10.2). A framing error is fatal: the stream cannot be resynchronised, so
 * every later `push` throws the same error.
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

export interface FrameParserOptions {
  maxBodySize?: number;
  onFrame: (frame: RawFrame) => void;
}

export class FrameParser {
  private readonly maxBodySize: number;
  private readonly onFrame: (frame: RawFrame) => void;
  private readonly header = new Uint8Array(MAX_HEADER_BYTES);
  private headerLen = 0;
  /** The frame being assembled (header + body) once its header is known. */
  private frame: Uint8Array | null = null;
  private frameType = 0;
  private bodyAt = 0;
  private filled = 0;
  private failure: IotmpCodecError | null = null;

  constructor(options: FrameParserOptions) {
    this.maxBodySize = options.maxBodySize ?? DEFAULT_LIMITS.maxBodySize;
    this.onFrame = options.onFrame;
  }

  /** Bytes held for an unfinished frame. */
  get buffered(): number {
    return this.frame ? this.filled : this.headerLen;
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
        pos = this.fillBody(chunk, pos);
        continue;
      }
      if (this.headerLen === 0) {
        // Fast path: a header that starts in this chunk is parsed in place.
        const h = readFrameHeader(chunk, pos, end, this.maxBodySize);
        if (h === null) {
          this.header.set(chunk.subarray(pos, end));
          this.headerLen = end - pos;
          return;
        }
        const size = h.headerSize + h.bodySize;
        if (end - pos >= size) {
          const bytes = chunk.subarray(pos, pos + size);
          this.onFrame({ type: h.type, body: bytes.subarray(h.headerSize), bytes });
          pos += size;
        } else {
          this.frame = new Uint8Array(size);
          this.frame.set(chunk.subarray(pos, end));
          this.frameType = h.type;
          this.bodyAt = h.headerSize;
          this.filled = end - pos;
          return;
        }
        continue;
      }
      // A header split across chunks: top up the small header buffer and retry.
      const take = Math.min(MAX_HEADER_BYTES - this.headerLen, end - pos);
      this.header.set(chunk.subarray(pos, pos + take), this.headerLen);
      const before = this.headerLen;
      this.headerLen += take;
      const h = readFrameHeader(this.header, 0, this.headerLen, this.maxBodySize);
      if (h === null) {
        pos += take;
        continue;
      }
      pos += h.headerSize - before; // bytes of this chunk that belonged to the header
      this.frame = new Uint8Array(h.headerSize + h.bodySize);
      this.frame.set(this.header.subarray(0, h.headerSize));
      this.frameType = h.type;
      this.bodyAt = h.headerSize;
      this.filled = h.headerSize;
      this.headerLen = 0;
      if (h.bodySize === 0) this.emit();
    }
  }

  private fillBody(chunk: Uint8Array, pos: number): number {
    const frame = this.frame!;
    const take = Math.min(frame.length - this.filled, chunk.length - pos);
    frame.set(chunk.subarray(pos, pos + take), this.filled);
    this.filled += take;
    if (this.filled === frame.length) this.emit();
    return pos + take;
  }

  private emit(): void {
    const bytes = this.frame!;
    this.frame = null;
    this.filled = 0;
    this.onFrame({ type: this.frameType, body: bytes.subarray(this.bodyAt), bytes });
  }
}

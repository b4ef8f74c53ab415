import { CodecErrorCode, IotmpCodecError } from './errors';

const CHUNK = 16 * 1024;

/**
 * Append-only byte sink for encoders. It writes into a shared chunk and hands out views of it
 * (like mqtt-packet and msgpackr do): a result stays valid because later writes only go past it;
 * when a chunk is full a new one is allocated.
 */
export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  pos: number;
  private start: number;

  constructor(size = CHUNK) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
    this.start = 0;
  }

  /** Begins a new output; bytes written before stay untouched. */
  begin(): void {
    this.start = this.pos;
  }

  /** Ends the current output and returns it (a view that later writes do not overwrite). */
  end(): Uint8Array {
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    return out;
  }

  /** Makes room for `n` more bytes, moving the current output into a fresh chunk if needed. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    const next = new Uint8Array(Math.max(CHUNK, (used + n) * 2));
    next.set(this.buf.subarray(this.start, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.start = 0;
    this.pos = used;
  }

  /** Position relative to the current output; stays valid when `ensure` moves the output. */
  get offset(): number {
    return this.pos - this.start;
  }

  /** Absolute index in `buf` of a relative `offset`. */
  abs(offset: number): number {
    return this.start + offset;
  }

  /** Writes a canonical varint at `at` without bounds checks (the caller ensured room). */
  putVarint(at: number, n: number): number {
    const buf = this.buf;
    let pos = at;
    while (n >= 0x80) {
      buf[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[pos++] = n;
    return pos - at;
  }

  u8(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** Unsigned varint of a safe non-negative integer (IOTMP.md §2.2, canonical form). */
  varint(n: number): void {
    this.ensure(10);
    this.pos += this.putVarint(this.pos, n);
  }

  /** Unsigned varint of a 64-bit integer given as bigint. */
  varintBig(n: bigint): void {
    if (n < 0n || n >= 1n << 64n) {
      throw new IotmpCodecError(
        CodecErrorCode.ENCODE_UNSUPPORTED,
        `integer ${n} is outside 64 bits`,
      );
    }
    this.ensure(10);
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  /** Writes the bytes produced by `body`, prefixed with their count as a varint. */
  lengthPrefixed(body: () => void): void {
    this.ensure(1);
    // Offsets, not indexes: `body` may move the output into a larger chunk.
    const lenOff = this.offset;
    this.pos += 1; // most lengths are < 128: reserve one byte and shift the content if not
    body();
    const n = this.offset - lenOff - 1;
    const header = varintSize(n);
    if (header > 1) {
      this.ensure(header - 1);
      const from = this.abs(lenOff + 1);
      this.buf.copyWithin(from + header - 1, from, from + n);
    }
    this.putVarint(this.abs(lenOff), n);
    this.pos = this.abs(lenOff + header + n);
  }

  f32(x: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, x, true);
    this.pos += 4;
  }

  f64(x: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  /**
   * Writes `s` as UTF-8 at `at` (room for `s.length * 3` bytes must be ensured) and returns the
   * byte count. ASCII is copied by hand: for the short keys and names IOTMP carries this is
   * faster than TextEncoder; long strings (a property's 60 KB text) go to TextEncoder at once,
   * ~10× faster than the loop at that size.
   */
  utf8At(s: string, at: number): number {
    const buf = this.buf;
    const n = s.length;
    if (n > LONG_STRING) return encoder.encodeInto(s, buf.subarray(at)).written;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at + i] = c;
    }
    if (i === n) return n;
    return i + encoder.encodeInto(s.slice(i), buf.subarray(at + i)).written;
  }
}

const encoder = new TextEncoder();
/** Strings longer than this are encoded natively (the by-hand loop wins below it). */
const LONG_STRING = 256;

/** Bytes of `n` as a canonical varint. */
export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

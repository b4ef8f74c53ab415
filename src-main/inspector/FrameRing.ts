/**
 * One device's inspector history without an object per frame. Frame facts live in typed arrays
 * and the kept bytes in one circular byte buffer: recording a frame allocates nothing once the
 * ring has grown, so ten seconds of samples from a thousand devices are not a hundred thousand
 * long-lived objects for the garbage collector to copy and promote (that was a fifth of the
 * broker's CPU per sample in bench:broker).
 */

import { MissingValueError } from '../contract/present';

/** What a frame is stored with; `bytes` is copied (a view would pin the socket's chunk). */
export interface RingEntry {
  seq: number;
  time: number;
  direction: 'in' | 'out';
  pv: 0 | 1;
  bytes: Uint8Array;
  size: number;
  /** Rare fields, kept beside the ring only for the frames that have them. */
  extra: unknown;
}

/** An idle device records its CONNECT and the answer: room for those, grown as frames come. */
const INITIAL_FRAMES = 4;
const STRIDE = 6;
const TIME = 0;
const SEQ = 1;
const SIZE = 2;
const OFFSET = 3;
const LENGTH = 4;
const FLAGS = 5;
const INITIAL_BYTES = 256;

export class FrameRing {
  /**
   * Per frame, one record of STRIDE numbers: time, seq, size, byte offset, byte length, flags
   * (bit 0: direction out; bit 1: protocol version 1). One array: a frame's facts share a cache
   * line or two, and each frame arrives with the caches cold from the socket's kernel work.
   */
  private meta = new Float64Array(INITIAL_FRAMES * STRIDE);
  private capacity = INITIAL_FRAMES;
  private bytes = new Uint8Array(INITIAL_BYTES);
  /** By seq; made on the first frame that has one (most devices never do). */
  private extras: Map<number, unknown> | null = null;
  /** Index of the oldest frame in the metadata arrays, and how many are kept. */
  private first = 0;
  private count = 0;
  /** Where the next frame's bytes go; the oldest frame's bytes are the first after it. */
  private write = 0;

  constructor(
    /** At most this many frames are kept. */
    readonly maxFrames: number,
    /** At most this many bytes of frames are kept (fewer frames when they are large). */
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.count;
  }

  push(
    seq: number,
    time: number,
    out: boolean,
    pv: 0 | 1,
    head: Uint8Array,
    size: number,
    extra?: unknown,
  ): void {
    const n = Math.min(head.length, this.maxBytes);
    if (this.count === this.maxFrames) this.evictOldest();
    this.makeRoom(n);
    if (this.count === this.capacity) this.growFrames();
    const at = ((this.first + this.count) % this.capacity) * STRIDE;
    this.bytes.set(n === head.length ? head : head.subarray(0, n), this.write);
    const meta = this.meta;
    meta[at + TIME] = time;
    meta[at + SEQ] = seq;
    meta[at + SIZE] = size;
    meta[at + OFFSET] = this.write;
    meta[at + LENGTH] = n;
    meta[at + FLAGS] = (out ? 1 : 0) | (pv === 1 ? 2 : 0);
    this.write += n;
    this.count++;
    if (extra !== undefined) (this.extras ??= new Map()).set(seq, extra);
  }

  /** Frames oldest first, those with `seq > afterSeq` only. */
  entries(afterSeq = 0): RingEntry[] {
    const out: RingEntry[] = [];
    for (let k = 0; k < this.count; k++) {
      const at = this.at(k);
      if (slot(this.meta, at + SEQ) <= afterSeq) continue;
      out.push(this.entry(at));
    }
    return out;
  }

  /** The newest frame. */
  last(): RingEntry | undefined {
    if (this.count === 0) return undefined;
    return this.entry(this.at(this.count - 1));
  }

  clear(): void {
    this.first = 0;
    this.count = 0;
    this.write = 0;
    this.extras?.clear();
  }

  /** Where the k-th oldest frame's record starts in `meta`. */
  private at(k: number): number {
    return ((this.first + k) % this.capacity) * STRIDE;
  }

  private entry(at: number): RingEntry {
    const m = this.meta;
    const seq = slot(m, at + SEQ);
    const offset = slot(m, at + OFFSET);
    const flags = slot(m, at + FLAGS);
    return {
      seq,
      time: slot(m, at + TIME),
      direction: flags & 1 ? 'out' : 'in',
      pv: flags & 2 ? 1 : 0,
      bytes: this.bytes.slice(offset, offset + slot(m, at + LENGTH)),
      size: slot(m, at + SIZE),
      extra: this.extras?.get(seq),
    };
  }

  private evictOldest(): void {
    if (this.extras && this.extras.size > 0)
      this.extras.delete(slot(this.meta, this.first * STRIDE + SEQ));
    this.first = (this.first + 1) % this.capacity;
    this.count--;
    if (this.count === 0) this.write = 0;
  }

  /**
   * Frees `n` contiguous bytes at `write`. Going forward from `write` (circularly), the kept
   * frames' bytes lie oldest first, so only the oldest can be in the way; wrapping to the start
   * gives up the tail, whose frames are the oldest. Below the byte budget the buffer grows instead.
   */
  private makeRoom(n: number): void {
    for (;;) {
      if (this.count === 0) this.write = 0;
      if (this.fits(n)) return;
      if (this.bytes.length < this.maxBytes) {
        this.growBytes(n);
      } else if (this.write + n > this.bytes.length) {
        while (this.count > 0 && this.oldestOffset() >= this.write) this.evictOldest();
        this.write = 0;
      } else {
        this.evictOldest();
      }
    }
  }

  private fits(n: number): boolean {
    if (this.write + n > this.bytes.length) return false;
    if (this.count === 0) return true;
    const at = this.oldestOffset();
    return at < this.write || at >= this.write + n;
  }

  private oldestOffset(): number {
    return slot(this.meta, this.first * STRIDE + OFFSET);
  }

  private growFrames(): void {
    const capacity = Math.min(this.maxFrames, this.capacity * 2);
    const meta = new Float64Array(capacity * STRIDE);
    // The kept records, oldest first: from `first` to the end, then those wrapped to the start.
    const tail = Math.min(this.count, this.capacity - this.first);
    meta.set(this.meta.subarray(this.first * STRIDE, (this.first + tail) * STRIDE), 0);
    if (tail < this.count)
      meta.set(this.meta.subarray(0, (this.count - tail) * STRIDE), tail * STRIDE);
    this.meta = meta;
    this.capacity = capacity;
    this.first = 0;
  }

  /** A larger byte buffer with the kept frames laid out from its start, oldest first. */
  private growBytes(need: number): void {
    let cap = this.bytes.length * 2;
    while (cap < need + this.used()) cap *= 2;
    const bytes = new Uint8Array(Math.min(this.maxBytes, cap));
    let w = 0;
    for (let k = 0; k < this.count; k++) {
      const at = this.at(k);
      const offset = slot(this.meta, at + OFFSET);
      const len = slot(this.meta, at + LENGTH);
      bytes.set(this.bytes.subarray(offset, offset + len), w);
      this.meta[at + OFFSET] = w;
      w += len;
    }
    this.bytes = bytes;
    this.write = w;
  }

  private used(): number {
    let sum = 0;
    for (let k = 0; k < this.count; k++) sum += slot(this.meta, this.at(k) + LENGTH);
    return sum;
  }
}

/**
 * One number of the record table. Callers index only kept records (inside `capacity * STRIDE`),
 * so a miss is a bug in the ring's bookkeeping: it gets a named error rather than an `undefined`
 * that would turn into NaN offsets and silently wrong frames.
 */
function slot(meta: Float64Array, i: number): number {
  const v = meta[i];
  if (v === undefined) throw new MissingValueError(`frame ring record slot ${i} is missing`);
  return v;
}

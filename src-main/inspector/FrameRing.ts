/**
 * One device's inspector history without an object per frame. Frame facts live in typed arrays
 * and the kept bytes in one circular byte buffer: recording a frame allocates nothing once the
 * ring has grown, so ten seconds of samples from a thousand devices are not a hundred thousand
 * long-lived objects for the garbage collector to copy and promote (that was a fifth of the
 * broker's CPU per sample in bench:broker).
 */

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

const INITIAL_FRAMES = 8;
const INITIAL_BYTES = 512;

export class FrameRing {
  private times = new Float64Array(INITIAL_FRAMES);
  private seqs = new Float64Array(INITIAL_FRAMES);
  private sizes = new Float64Array(INITIAL_FRAMES);
  private offsets = new Uint32Array(INITIAL_FRAMES);
  private lengths = new Uint32Array(INITIAL_FRAMES);
  /** Bit 0: direction out; bit 1: protocol version 1. */
  private flags = new Uint8Array(INITIAL_FRAMES);
  private bytes = new Uint8Array(INITIAL_BYTES);
  private readonly extras = new Map<number, unknown>();
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
    if (this.count === this.times.length) this.growFrames();
    const i = (this.first + this.count) % this.times.length;
    this.bytes.set(n === head.length ? head : head.subarray(0, n), this.write);
    this.times[i] = time;
    this.seqs[i] = seq;
    this.sizes[i] = size;
    this.offsets[i] = this.write;
    this.lengths[i] = n;
    this.flags[i] = (out ? 1 : 0) | (pv === 1 ? 2 : 0);
    this.write += n;
    this.count++;
    if (extra !== undefined) this.extras.set(seq, extra);
  }

  /** Frames oldest first, those with `seq > afterSeq` only. */
  entries(afterSeq = 0): RingEntry[] {
    const out: RingEntry[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.first + k) % this.times.length;
      const seq = this.seqs[i]!;
      if (seq <= afterSeq) continue;
      out.push(this.entry(i));
    }
    return out;
  }

  /** The newest frame. */
  last(): RingEntry | undefined {
    if (this.count === 0) return undefined;
    return this.entry((this.first + this.count - 1) % this.times.length);
  }

  clear(): void {
    this.first = 0;
    this.count = 0;
    this.write = 0;
    this.extras.clear();
  }

  private entry(i: number): RingEntry {
    const seq = this.seqs[i]!;
    const at = this.offsets[i]!;
    return {
      seq,
      time: this.times[i]!,
      direction: this.flags[i]! & 1 ? 'out' : 'in',
      pv: this.flags[i]! & 2 ? 1 : 0,
      bytes: this.bytes.slice(at, at + this.lengths[i]!),
      size: this.sizes[i]!,
      extra: this.extras.get(seq),
    };
  }

  private evictOldest(): void {
    const seq = this.seqs[this.first]!;
    if (this.extras.size > 0) this.extras.delete(seq);
    this.first = (this.first + 1) % this.times.length;
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
        while (this.count > 0 && this.offsets[this.first]! >= this.write) this.evictOldest();
        this.write = 0;
      } else {
        this.evictOldest();
      }
    }
  }

  private fits(n: number): boolean {
    if (this.write + n > this.bytes.length) return false;
    if (this.count === 0) return true;
    const at = this.offsets[this.first]!;
    return at < this.write || at >= this.write + n;
  }

  private growFrames(): void {
    const cap = Math.min(this.maxFrames, this.times.length * 2);
    const order = (a: Float64Array | Uint32Array | Uint8Array, b: typeof a): void => {
      for (let k = 0; k < this.count; k++) b[k] = a[(this.first + k) % a.length]!;
    };
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const sizes = new Float64Array(cap);
    const offsets = new Uint32Array(cap);
    const lengths = new Uint32Array(cap);
    const flags = new Uint8Array(cap);
    order(this.times, times);
    order(this.seqs, seqs);
    order(this.sizes, sizes);
    order(this.offsets, offsets);
    order(this.lengths, lengths);
    order(this.flags, flags);
    Object.assign(this, { times, seqs, sizes, offsets, lengths, flags, first: 0 });
  }

  /** A larger byte buffer with the kept frames laid out from its start, oldest first. */
  private growBytes(need: number): void {
    let cap = this.bytes.length * 2;
    while (cap < need + this.used()) cap *= 2;
    const bytes = new Uint8Array(Math.min(this.maxBytes, cap));
    let w = 0;
    for (let k = 0; k < this.count; k++) {
      const i = (this.first + k) % this.times.length;
      const at = this.offsets[i]!;
      const len = this.lengths[i]!;
      bytes.set(this.bytes.subarray(at, at + len), w);
      this.offsets[i] = w;
      w += len;
    }
    this.bytes = bytes;
    this.write = w;
  }

  private used(): number {
    let sum = 0;
    for (let k = 0; k < this.count; k++) sum += this.lengths[(this.first + k) % this.times.length]!;
    return sum;
  }
}

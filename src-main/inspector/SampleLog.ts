/**
 * The stream samples of every device in ONE sequential log, for the protocol inspector.
 *
 * Why: a sample from one of a thousand devices used to be written into that device's own ring
 * (the ring object, its record table and byte buffer, each with its backing store): five or six
 * cache lines that the other devices had evicted since, per sample (docs/performance.md). Here
 * every sample is appended where the previous one ended, so the lines written are warm; only the
 * device's small history object is touched (its sequence number). A device's samples are found
 * again when someone reads its history (a scan of the log, rare).
 *
 * What a device keeps: the log holds the newest `maxFrames` samples (and `maxBytes` of them) of
 * all devices together; at ten thousand samples a second that is a few seconds. So that a device
 * that streams rarely does not lose its samples to chatty ones, a sample leaving the log is filed
 * in its device's own ring (`file`) while it is one of that device's newest `keepPerDevice`
 * samples in the log: a quiet device keeps at least its newest `keepPerDevice` samples there
 * (within its ring's own bounds), a chatty one keeps what the log holds. Deciding that reads one
 * counter per device slot (a small typed array), never the chatty device's objects.
 *
 * A device faster than `perSecond` samples a second is thinned: the log takes `perSecond` of its
 * samples a second (after a first `burst`), and the others are not kept (they still reach a live
 * follower, see FrameInspector). Flooded, a million samples a second streamed through the whole
 * log, every line of it written back from memory (docs/performance.md, "Throughput ceiling");
 * the inspector shows a device's newest 100 frames, which at that rate were its last tenth of a
 * second. Thinned, they span a second or more, and one flooding device no longer pushes every
 * other device's samples out of the log within a fraction of a second. How many samples were not
 * kept is counted per device slot (`thinned`), so the inspector says why its history has gaps.
 */
import { MissingValueError } from '../contract/present';
import type { RingEntry } from './FrameRing';

/**
 * A record is 32 bytes, half a cache line: two doubles (time, seq) and four 32-bit integers
 * (byte offset, length and protocol version, owner uid, owner slot), through two views of one
 * buffer. Flooded, a million samples a second stream through the log, and every line of it is
 * written from memory: the smaller the record, the fewer lines per sample (docs/performance.md,
 * "Throughput ceiling").
 */
const F64_STRIDE = 4;
const TIME = 0;
const SEQ = 1;
const I32_STRIDE = 8;
const OFFSET = 4;
/** Length in the low 16 bits (samples are at most INSPECTOR_MAX_HEX_BYTES), bit 16: pv1. */
const LENGTH_PV = 5;
const PV1 = 1 << 16;
const LENGTH_MASK = 0xffff;
/** The owner's uid (`| 0`: equal uids compare equal, and a slot's owners differ in their low bits). */
const UID = 6;
const SLOT = 7;

/** Who a logged sample belongs to: a device history's place in the inspector's slot table. */
export interface LogOwner {
  /** Unique for the inspector's life. */
  readonly uid: number;
  /** Its slot (0…slots-1), or -1 while it has none. */
  readonly slot: number;
  /** Samples at or below this seq were cleared by the user: not shown, not filed. */
  readonly clearedUpTo: number;
}

export class SampleLog {
  private f64: Float64Array | null = null;
  private i32: Int32Array | null = null;
  private bytes: Uint8Array | null = null;
  /**
   * The oldest kept record, the next one written and how many are kept (indices wrap at
   * `maxFrames` by comparison, never `%`: a running count would leave the small-integer range
   * after hours of traffic and make every index a floating-point division).
   */
  private oldest = 0;
  private next = 0;
  private count = 0;
  /**
   * Where the next sample's bytes go. A sample's bytes never cross the end of the buffer: one
   * that would starts again at 0, so the kept bytes lie from the oldest record's offset forward.
   */
  private write = 0;
  /** Per slot: the uid (`| 0`) its samples in the log are counted for, and how many there are. */
  private readonly slotUid: Int32Array;
  private readonly slotCount: Int32Array;
  /** Per slot: samples it may still log (a token bucket), and when that was reckoned (ms). */
  private readonly slotBudget: Float64Array;
  private readonly slotAt: Float64Array;
  /**
   * Per slot: samples not kept because the device was past its rate, and when the first of them
   * came (ms), so the inspector can say so rather than leave gaps that look like lost frames.
   * Doubles: a device flooding at a million samples a second passes 2^31 in half an hour.
   */
  private readonly slotThinned: Float64Array;
  private readonly slotThinnedSince: Float64Array;
  private readonly perMs: number;

  constructor(
    readonly maxFrames: number,
    readonly maxBytes: number,
    slots: number,
    readonly keepPerDevice: number,
    /** Samples a second a device may log (past a first `burst`); more are thinned. */
    readonly perSecond: number,
    readonly burst: number,
    /** Files a sample leaving the log in its device's own ring (the inspector finds the device). */
    private readonly file: (slot: number, uid: number, entry: RingEntry) => void,
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError('sample log rate must be positive');
    this.slotUid = new Int32Array(slots).fill(-1);
    this.slotCount = new Int32Array(slots);
    this.slotBudget = new Float64Array(slots).fill(burst);
    this.slotAt = new Float64Array(slots).fill(-Infinity);
    this.slotThinned = new Float64Array(slots);
    this.slotThinnedSince = new Float64Array(slots);
    this.perMs = perSecond / 1000;
  }

  /** Samples kept in the log. */
  get size(): number {
    return this.count;
  }

  /**
   * `uid` takes `slot` (-1: nobody): samples of its previous owner still in the log are neither
   * counted nor filed any more.
   */
  claimSlot(slot: number, uid: number): void {
    this.slotUid[slot] = uid | 0;
    this.slotCount[slot] = 0;
    this.slotBudget[slot] = this.burst;
    this.slotAt[slot] = -Infinity;
    this.slotThinned[slot] = 0;
  }

  /** Samples of `slot`'s device not kept since it took the slot or `resetThinned`; null: none. */
  thinned(slot: number): { count: number; since: number } | null {
    const count = this.slotThinned[slot] ?? 0;
    return count > 0 ? { count, since: this.slotThinnedSince[slot] ?? 0 } : null;
  }

  /** Counts `slot`'s thinned samples from zero again (the user cleared its history). */
  resetThinned(slot: number): void {
    this.slotThinned[slot] = 0;
  }

  /**
   * Appends a sample (`bytes` copied; at most `maxBytes` and 65,535 bytes, the caller cuts long
   * frames), unless its device is past its rate (`perSecond`): false when it was not kept.
   */
  push(
    uid: number,
    slot: number,
    seq: number,
    time: number,
    pv: 0 | 1,
    bytes: Uint8Array,
  ): boolean {
    if (slot >= 0 && !this.takeBudget(slot, time)) return false;
    const n = bytes.length;
    if (n > this.maxBytes || n > LENGTH_MASK) throw new RangeError('sample longer than the log');
    let f64 = this.f64;
    let i32 = this.i32;
    let buffer = this.bytes;
    if (f64 === null || i32 === null || buffer === null) {
      // Made with the first sample: a broker without streams never pays for it.
      const records = new ArrayBuffer(this.maxFrames * F64_STRIDE * 8);
      f64 = this.f64 = new Float64Array(records);
      i32 = this.i32 = new Int32Array(records);
      buffer = this.bytes = new Uint8Array(this.maxBytes);
    }
    if (this.count === this.maxFrames) this.evictOldest();
    let at = this.write;
    if (at + n > this.maxBytes) {
      // Start again at 0: the kept bytes from here to the end are the oldest records'.
      while (this.count > 0 && this.int(this.oldest, OFFSET) >= at) this.evictOldest();
      at = 0;
    }
    // The oldest kept bytes lie at or after `at` (or everything kept is behind it): evict
    // until the `n` bytes from `at` are free.
    while (this.count > 0) {
      const oldestAt = this.int(this.oldest, OFFSET);
      if (oldestAt < at || oldestAt >= at + n) break;
      this.evictOldest();
    }
    const r = this.next;
    buffer.set(bytes, at);
    f64[r * F64_STRIDE + TIME] = time;
    f64[r * F64_STRIDE + SEQ] = seq;
    const j = r * I32_STRIDE;
    i32[j + OFFSET] = at;
    i32[j + LENGTH_PV] = pv === 1 ? n | PV1 : n;
    i32[j + UID] = uid;
    i32[j + SLOT] = slot;
    this.next = r + 1 === this.maxFrames ? 0 : r + 1;
    this.count++;
    this.write = at + n;
    if (slot >= 0 && this.slotUid[slot] === (uid | 0))
      this.slotCount[slot] = (this.slotCount[slot] ?? 0) + 1;
    return true;
  }

  /**
   * One sample of `slot`'s budget at `time`, if it has one (else the sample is counted as
   * thinned): the budget grows by `perSecond` a second up to `burst`. A clock that went back adds
   * nothing.
   */
  private takeBudget(slot: number, time: number): boolean {
    const elapsed = time - (this.slotAt[slot] ?? 0);
    let budget = this.slotBudget[slot] ?? 0;
    if (elapsed > 0) budget = Math.min(this.burst, budget + elapsed * this.perMs);
    this.slotAt[slot] = time;
    if (budget < 1) {
      this.slotBudget[slot] = budget;
      // Counted only here, where a sample is thinned: a kept sample pays nothing for it.
      const thinned = this.slotThinned[slot] ?? 0;
      if (thinned === 0) this.slotThinnedSince[slot] = time;
      this.slotThinned[slot] = thinned + 1;
      return false;
    }
    this.slotBudget[slot] = budget - 1;
    return true;
  }

  /** `owner`'s samples in the log with `seq > afterSeq`, oldest first. */
  entries(owner: LogOwner, afterSeq = 0): RingEntry[] {
    const out: RingEntry[] = [];
    const after = Math.max(afterSeq, owner.clearedUpTo);
    const uid = owner.uid | 0;
    for (
      let k = 0, r = this.oldest;
      k < this.count;
      k++, r = r + 1 === this.maxFrames ? 0 : r + 1
    ) {
      if (this.int(r, UID) !== uid || this.seq(r) <= after) continue;
      out.push(this.entry(r));
    }
    return out;
  }

  private evictOldest(): void {
    const r = this.oldest;
    this.oldest = r + 1 === this.maxFrames ? 0 : r + 1;
    this.count--;
    const slot = this.int(r, SLOT);
    const uid = this.int(r, UID);
    if (slot < 0 || this.slotUid[slot] !== uid) return; // its history is gone
    const left = (this.slotCount[slot] ?? 0) - 1;
    this.slotCount[slot] = left;
    // One of the device's newest `keepPerDevice` samples in the log: the device is quiet (a
    // chatty one has more here), so the sample moves to its own ring rather than away.
    if (left < this.keepPerDevice) this.file(slot, uid, this.entry(r));
  }

  private entry(r: number): RingEntry {
    const start = this.int(r, OFFSET);
    const lengthPv = this.int(r, LENGTH_PV);
    const n = lengthPv & LENGTH_MASK;
    return {
      seq: this.seq(r),
      time: this.double(r, TIME),
      direction: 'in',
      pv: lengthPv & PV1 ? 1 : 0,
      bytes: (this.bytes as Uint8Array).slice(start, start + n),
      size: n,
      extra: undefined,
    };
  }

  private seq(r: number): number {
    return this.double(r, SEQ);
  }

  /** A double field of record `r` (an index of a kept record). */
  private double(r: number, f: number): number {
    const v = this.f64?.[r * F64_STRIDE + f];
    if (v === undefined) throw new MissingValueError(`sample log record ${r} is missing`);
    return v;
  }

  /** An integer field of record `r` (an index of a kept record). */
  private int(r: number, f: number): number {
    const v = this.i32?.[r * I32_STRIDE + f];
    if (v === undefined) throw new MissingValueError(`sample log record ${r} is missing`);
    return v;
  }
}

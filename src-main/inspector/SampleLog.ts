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
 */
import { MissingValueError } from '../contract/present';
import type { RingEntry } from './FrameRing';

const STRIDE = 8;
const TIME = 0;
const SEQ = 1;
const SIZE = 2;
/** Running byte position of the frame's first byte (see `bytePos`). */
const POS = 3;
const LENGTH = 4;
const FLAGS = 5;
/** The history's `uid` (histories are never reused: a slot's new history has a new uid). */
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
  private meta: Float64Array | null = null;
  private bytes: Uint8Array | null = null;
  /** Records ever written, and the running index of the oldest kept. */
  private written = 0;
  private oldest = 0;
  /**
   * Running byte position where the next frame's bytes go; a frame's bytes are at
   * `pos % maxBytes` and never cross the end of the buffer (the position skips to the next
   * multiple of `maxBytes` instead), so a frame is still there while `bytePos - pos <= maxBytes`.
   */
  private bytePos = 0;
  /** Per slot: the uid its samples in the log are counted for, and how many there are. */
  private readonly slotUid: Float64Array;
  private readonly slotCount: Int32Array;

  constructor(
    readonly maxFrames: number,
    readonly maxBytes: number,
    slots: number,
    readonly keepPerDevice: number,
    /** Files a sample leaving the log in its device's own ring (the inspector finds the device). */
    private readonly file: (slot: number, uid: number, entry: RingEntry) => void,
  ) {
    this.slotUid = new Float64Array(slots).fill(-1);
    this.slotCount = new Int32Array(slots);
  }

  /** Samples kept in the log. */
  get size(): number {
    return this.written - this.oldest;
  }

  /**
   * `uid` takes `slot` (-1: nobody): samples of its previous owner still in the log are neither
   * counted nor filed any more.
   */
  claimSlot(slot: number, uid: number): void {
    this.slotUid[slot] = uid;
    this.slotCount[slot] = 0;
  }

  /** Appends a sample (`bytes` copied; at most `maxBytes`, the caller cuts long frames). */
  push(uid: number, slot: number, seq: number, time: number, pv: 0 | 1, bytes: Uint8Array): void {
    const n = bytes.length;
    if (n > this.maxBytes) throw new RangeError('sample longer than the log');
    let meta = this.meta;
    let buffer = this.bytes;
    if (meta === null || buffer === null) {
      // Made with the first sample: a broker without streams never pays for it.
      meta = this.meta = new Float64Array(this.maxFrames * STRIDE);
      buffer = this.bytes = new Uint8Array(this.maxBytes);
    }
    let pos = this.bytePos;
    const offset = pos % this.maxBytes;
    if (offset + n > this.maxBytes) pos += this.maxBytes - offset;
    const end = pos + n;
    while (this.written > this.oldest) {
      const full = this.written - this.oldest >= this.maxFrames;
      if (!full && end - this.field(this.oldest, POS) <= this.maxBytes) break;
      this.evictOldest();
    }
    const at = (this.written % this.maxFrames) * STRIDE;
    buffer.set(bytes, pos % this.maxBytes);
    meta[at + TIME] = time;
    meta[at + SEQ] = seq;
    meta[at + SIZE] = n;
    meta[at + POS] = pos;
    meta[at + LENGTH] = n;
    meta[at + FLAGS] = pv === 1 ? 2 : 0;
    meta[at + UID] = uid;
    meta[at + SLOT] = slot;
    this.written++;
    this.bytePos = end;
    if (slot >= 0 && this.slotUid[slot] === uid)
      this.slotCount[slot] = (this.slotCount[slot] ?? 0) + 1;
  }

  /** `owner`'s samples in the log with `seq > afterSeq`, oldest first. */
  entries(owner: LogOwner, afterSeq = 0): RingEntry[] {
    const out: RingEntry[] = [];
    const after = Math.max(afterSeq, owner.clearedUpTo);
    for (let i = this.oldest; i < this.written; i++) {
      if (this.field(i, UID) !== owner.uid || this.field(i, SEQ) <= after) continue;
      out.push(this.entry(i));
    }
    return out;
  }

  private evictOldest(): void {
    const i = this.oldest++;
    const slot = this.field(i, SLOT);
    const uid = this.field(i, UID);
    if (slot < 0 || this.slotUid[slot] !== uid) return; // its history is gone
    const left = (this.slotCount[slot] ?? 0) - 1;
    this.slotCount[slot] = left;
    // One of the device's newest `keepPerDevice` samples in the log: the device is quiet (a
    // chatty one has more here), so the sample moves to its own ring rather than away.
    if (left < this.keepPerDevice) this.file(slot, uid, this.entry(i));
  }

  private entry(i: number): RingEntry {
    const pos = this.field(i, POS);
    const start = pos % this.maxBytes;
    const flags = this.field(i, FLAGS);
    return {
      seq: this.field(i, SEQ),
      time: this.field(i, TIME),
      direction: 'in',
      pv: flags & 2 ? 1 : 0,
      bytes: (this.bytes as Uint8Array).slice(start, start + this.field(i, LENGTH)),
      size: this.field(i, SIZE),
      extra: undefined,
    };
  }

  /** A number of record `i` (a running index of a kept record). */
  private field(i: number, f: number): number {
    const v = this.meta?.[(i % this.maxFrames) * STRIDE + f];
    if (v === undefined) throw new MissingValueError(`sample log record ${i} is missing`);
    return v;
  }
}

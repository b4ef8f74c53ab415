/**
 * The protocol inspector: per device, a bounded ring of the frames that crossed the wire (time,
 * direction, type, stream id, decoded fields, raw hex), readable and followable live. Stream
 * samples, most frames by far, go to one log shared by all devices (SampleLog) and join the
 * device's frames when read.
 */
import {
  MessageType,
  resourceFieldOf,
  streamIdOf,
  type IotmpCodecError,
  type Message,
  type ProtocolVersion,
} from '../protocol';
import { FrameRing, type RingEntry } from './FrameRing';
import { present, type Extra, type InspectedFrame } from './presentFrame';
import { SampleLog, type LogOwner } from './SampleLog';
import { previewOf } from './messagePreview';
import { Emitter, type Dispose } from '../util/Emitter';
import { BoundedMap } from '../contract/BoundedMap';
import { MissingValueError } from '../contract/present';
import type { ThinnedSamples } from '../contract/schemas';
import {
  INSPECTOR_STREAM_NAMES,
  INSPECTOR_FRAMES_PER_DEVICE,
  INSPECTOR_MAX_HEX_BYTES,
  INSPECTOR_MAX_DEVICES,
  INSPECTOR_BYTES_PER_DEVICE,
  INSPECTOR_LOG,
} from './inspectorLimits';

/** The ring of every evicted history (never written: a write asks for a new history). */
const FORGOTTEN = new FrameRing(0, 0);

/**
 * One device's recorded frames: its own ring, and its stream samples in the shared SampleLog.
 * Its frame count and activity live in the inspector's per-slot arrays (see `HistoryHolder`).
 */
export interface DeviceHistory extends LogOwner {
  readonly key: string;
  ring: FrameRing;
  /** Stream id → resource, from the START_STREAM frames seen (bounded, newest kept; made on first). */
  streams: BoundedMap<number, string> | null;
  /** Evicted (past `maxDevices`): its slot went to another device. */
  forgotten: boolean;
  slot: number;
  clearedUpTo: number;
}

/**
 * Who holds a device's history between frames (an online connection): its slot and uid, two
 * numbers in an object every frame touches anyway. A frame then touches only the inspector's
 * small per-slot arrays (sequence number, activity, owner), which stay in the cache, and never
 * the device's own history object, which would be cold when a thousand devices take turns
 * (docs/performance.md). A slot that went to another device (uid differs) is asked for again.
 */
export interface HistoryHolder {
  inspectorSlot: number;
  inspectorUid: number;
}

export class FrameInspector {
  private readonly rings = new Map<string, DeviceHistory>();
  private readonly events = new Emitter<Record<string, InspectedFrame>>();
  /** Live followers of any device: none (the usual case) skips the per-frame lookup by key. */
  private following = 0;
  private readonly log: SampleLog;
  /** The history in each slot of the log's per-device counters, and the free slots. */
  private readonly slots: (DeviceHistory | null)[] = [];
  private readonly freeSlots: number[] = [];
  private nextUid = 1;
  /** Per slot: its history's uid (-1: free), its last frame's seq, a frame since the last pass. */
  private readonly slotUid: Float64Array;
  private readonly slotSeq: Float64Array;
  private readonly slotActive: Uint8Array;

  constructor(
    private readonly wallNow: () => number,
    private readonly framesPerDevice = INSPECTOR_FRAMES_PER_DEVICE,
    private readonly bytesPerDevice = INSPECTOR_BYTES_PER_DEVICE,
    private readonly maxDevices = INSPECTOR_MAX_DEVICES,
    log: Readonly<Record<keyof typeof INSPECTOR_LOG, number>> = INSPECTOR_LOG,
  ) {
    this.slotUid = new Float64Array(maxDevices).fill(-1);
    this.slotSeq = new Float64Array(maxDevices);
    this.slotActive = new Uint8Array(maxDevices);
    this.log = new SampleLog(
      log.frames,
      log.bytes,
      maxDevices,
      log.keptPerDevice,
      log.perSecond,
      log.burst,
      (slot, uid, e) => {
        const h = this.slots[slot];
        if (h && (h.uid | 0) === uid) h.ring.push(e.seq, e.time, false, e.pv, e.bytes, e.size);
      },
    );
  }

  /** Cheap on the hot path: nothing is allocated per frame; JSON and hex are made when read. */
  record(
    key: string,
    direction: 'in' | 'out',
    bytes: Uint8Array,
    m: Message | null,
    error?: IotmpCodecError,
    /** The frame's real size when `bytes` is only part of it. */
    size = bytes.length,
    pv: ProtocolVersion = 1,
  ): void {
    this.recordAt(this.historyOf(key).slot, direction, bytes, m, error, size, pv);
  }

  /** `record` for the holder of a history (the broker's per-connection fast path). */
  recordHeld(
    holder: HistoryHolder,
    key: string,
    direction: 'in' | 'out',
    bytes: Uint8Array,
    m: Message | null,
    error: IotmpCodecError | undefined,
    pv: ProtocolVersion,
  ): void {
    let slot = holder.inspectorSlot;
    if (slot < 0 || this.slotUid[slot] !== holder.inspectorUid) {
      const r = this.historyOf(key);
      slot = holder.inspectorSlot = r.slot;
      holder.inspectorUid = r.uid;
    }
    this.recordAt(slot, direction, bytes, m, error, bytes.length, pv);
  }

  /** Where `key`'s frames go (made if new); a holder asks again once it is `forgotten`. */
  historyOf(key: string): DeviceHistory {
    let r = this.rings.get(key);
    if (!r) {
      if (this.rings.size >= this.maxDevices) this.forgetOne();
      const slot = this.freeSlots.pop() ?? this.slots.length;
      r = {
        key,
        ring: new FrameRing(this.framesPerDevice, this.bytesPerDevice),
        streams: null,
        forgotten: false,
        uid: this.nextUid++,
        slot,
        clearedUpTo: 0,
      };
      this.slots[slot] = r;
      this.slotUid[slot] = r.uid;
      this.slotSeq[slot] = 0;
      this.slotActive[slot] = 1;
      this.log.claimSlot(slot, r.uid);
      this.rings.set(key, r);
    }
    return r;
  }

  /** `record` into a history already at hand (asked again if it was forgotten meanwhile). */
  recordIn(
    r: DeviceHistory,
    direction: 'in' | 'out',
    bytes: Uint8Array,
    m: Message | null,
    error: IotmpCodecError | undefined,
    size: number,
    pv: ProtocolVersion,
  ): void {
    if (r.forgotten) r = this.historyOf(r.key);
    this.recordAt(r.slot, direction, bytes, m, error, size, pv);
  }

  /** Records into the history in `slot` (a live one). */
  private recordAt(
    slot: number,
    direction: 'in' | 'out',
    bytes: Uint8Array,
    m: Message | null,
    error: IotmpCodecError | undefined,
    size: number,
    pv: ProtocolVersion,
  ): void {
    this.slotActive[slot] = 1;
    const seq = (this.slotSeq[slot] ?? 0) + 1;
    this.slotSeq[slot] = seq;
    if (
      direction === 'in' &&
      m !== null &&
      m.type === MessageType.STREAM_DATA &&
      error === undefined &&
      size === bytes.length &&
      bytes.length <= INSPECTOR_MAX_HEX_BYTES
    ) {
      // A stream sample (most frames by far): appended to the shared log unless its device is
      // past the log's rate (see SampleLog); a follower gets it either way.
      const time = this.wallNow();
      this.log.push(this.slotUid[slot] ?? -1, slot, seq, time, pv, bytes);
      const h = this.following > 0 ? this.slots[slot] : null;
      if (h && this.events.has(h.key)) {
        const entry: RingEntry = { seq, time, direction, pv, bytes, size, extra: undefined };
        this.events.emit(h.key, present(entry, h.streams));
      }
      return;
    }
    const r = this.slots[slot];
    if (!r) throw new MissingValueError(`inspector slot ${slot} has no history`);
    const head =
      bytes.length > INSPECTOR_MAX_HEX_BYTES ? bytes.subarray(0, INSPECTOR_MAX_HEX_BYTES) : bytes;
    const big = m !== null && bytes.length > INSPECTOR_MAX_HEX_BYTES;
    const extra: Extra | undefined =
      big || error
        ? { ...(big ? { message: previewOf(m) } : {}), ...(error ? { error: error.message } : {}) }
        : undefined;
    if (m?.type === MessageType.START_STREAM)
      rememberStream((r.streams ??= new BoundedMap(INSPECTOR_STREAM_NAMES)), m, pv);
    r.ring.push(seq, this.wallNow(), direction === 'out', pv, head, size, extra);
    if (this.following > 0 && this.events.has(r.key)) {
      // Just pushed, so the ring has a newest frame; the check only narrows the type.
      const newest = r.ring.last();
      if (newest) this.events.emit(r.key, present(newest, r.streams));
    }
  }

  /**
   * Frames kept for a device, oldest first, optionally only those after `afterSeq`: its own
   * ring's and its samples in the shared log, the newest `framesPerDevice` of them.
   */
  frames(key: string, afterSeq = 0): InspectedFrame[] {
    const r = this.rings.get(key);
    if (!r) return [];
    const streams = r.streams;
    // Filed samples (SampleLog) join the ring after newer frames: order by seq.
    const kept = [...r.ring.entries(afterSeq), ...this.log.entries(r, afterSeq)].sort(
      (a, b) => a.seq - b.seq,
    );
    return kept.slice(-this.framesPerDevice).map((e) => present(e, streams));
  }

  /** `key`'s stream samples its history did not keep (it streamed too fast); null: none. */
  thinned(key: string): ThinnedSamples | null {
    const r = this.rings.get(key);
    const thinned = r ? this.log.thinned(r.slot) : null;
    return thinned && { ...thinned, perSecond: this.log.perSecond };
  }

  follow(key: string, listener: (f: InspectedFrame) => void): Dispose {
    const off = this.events.on(key, listener);
    this.following++;
    let on = true;
    return () => {
      if (!on) return;
      on = false;
      this.following--;
      off();
    };
  }

  clear(key: string): void {
    const r = this.rings.get(key);
    if (!r) return;
    r.ring.clear();
    r.clearedUpTo = this.slotSeq[r.slot] ?? 0;
    this.log.resetThinned(r.slot);
  }

  /**
   * Forgets the oldest history that was not active since it was last passed over; an active one
   * loses its flag and goes to the back. Each flag cleared was set by a frame, so this is O(1)
   * per frame overall.
   */
  private forgetOne(): void {
    for (const [key, h] of this.rings) {
      this.rings.delete(key);
      if (this.slotActive[h.slot] === 0) {
        // A connection may still hold it: its frames go (the next time) to a new history, and
        // its memory goes now, so the bound on devices kept holds whoever holds the handle.
        h.forgotten = true;
        h.ring = FORGOTTEN;
        h.streams = null;
        // Its samples still in the log are neither shown (a new history has a new uid) nor filed.
        this.slots[h.slot] = null;
        this.slotUid[h.slot] = -1;
        this.log.claimSlot(h.slot, -1);
        this.freeSlots.push(h.slot);
        h.slot = -1;
        return;
      }
      this.slotActive[h.slot] = 0;
      this.rings.set(key, h);
    }
  }
}

/** A START_STREAM's stream id → resource (§5.8; field 3 on pv0, 4 on pv1), newest kept. */
function rememberStream(
  streams: BoundedMap<number, string>,
  m: Message,
  pv: ProtocolVersion,
): void {
  const id = streamIdOf(m);
  const resource = m.fields.get(resourceFieldOf(MessageType.START_STREAM, pv));
  if (id === undefined || typeof resource !== 'string') return;
  streams.set(id, resource);
}

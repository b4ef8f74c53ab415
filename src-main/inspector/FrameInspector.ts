/**
 * The protocol inspector: per device, a bounded ring of the frames that crossed the wire (time,
 * direction, type, stream id, decoded fields, raw hex), readable and followable live.
 */
import {
  bytesToHex,
  decodeFrame,
  messageToJson,
  messageTypeName,
  MessageType,
  resourceFieldOf,
  streamIdOf,
  type IotmpCodecError,
  type Json,
  type Message,
  type ProtocolVersion,
} from '../protocol';
import { FrameRing, type RingEntry } from './FrameRing';
import { previewOf } from './messagePreview';
import { Emitter, type Dispose } from '../util/Emitter';
import { BoundedMap } from '../contract/BoundedMap';

export interface InspectedFrame {
  /** Sequence number per device, so a follower can tell what it missed. */
  seq: number;
  time: number;
  direction: 'in' | 'out';
  type: string;
  typeId: number | null;
  streamId: number | null;
  fields: { [name: string]: Json } | null;
  /** Raw bytes in hex, cut at `maxHexBytes` (the full size is in `size`). */
  hex: string;
  size: number;
  error: string | null;
  /**
   * The resource of the stream this frame belongs to, from the START_STREAM that opened it
   * (IOTMP.md §5.8), even when that frame has left the ring: a view opened later still names it.
   */
  resource: string | null;
}

/** Stream names remembered per device (the newest; a device rarely has more streams open). */
const INSPECTOR_STREAM_NAMES = 64;

/** Frames kept per device: enough to scroll back through a session, bounded in memory. */
const INSPECTOR_FRAMES_PER_DEVICE = 100;
/** Hex kept per frame: a 256 KiB file chunk would otherwise dominate the buffer. */
const INSPECTOR_MAX_HEX_BYTES = 1024;
/**
 * Devices whose frames are kept (with INSPECTOR_BYTES_PER_DEVICE, at most 64 MiB in all). Past
 * it a device that sent nothing since the last eviction pass is forgotten first ("second
 * chance": recording only sets a flag, where true recency would cost a map update per frame).
 */
const INSPECTOR_MAX_DEVICES = 1000;

/** Bytes kept per device: a device sending large frames keeps fewer of them. */
const INSPECTOR_BYTES_PER_DEVICE = 64 * 1024;

/** The ring of every evicted history (never written: a write asks for a new history). */
const FORGOTTEN = new FrameRing(0, 0);

/** What only some frames have, kept beside the ring. */
interface Extra {
  /**
   * Only for frames longer than the kept bytes, as a preview (long values cut: messagePreview).
   * Whole frames are decoded again when read: a hundred decoded messages per device would be a
   * large, long-lived object graph for the GC.
   */
  message?: Message;
  error?: string;
}

/** One device's recorded frames; the broker keeps it per online connection (no lookup per frame). */
export interface DeviceHistory {
  readonly key: string;
  ring: FrameRing;
  /** Stream id → resource, from the START_STREAM frames seen (bounded, newest kept; made on first). */
  streams: BoundedMap<number, string> | null;
  seq: number;
  /** A frame was recorded since the last eviction pass went by. */
  active: boolean;
  /** Evicted (past `maxDevices`): a holder must ask `historyOf` again. */
  forgotten: boolean;
}

export class FrameInspector {
  private readonly rings = new Map<string, DeviceHistory>();
  private readonly events = new Emitter<Record<string, InspectedFrame>>();

  constructor(
    private readonly wallNow: () => number,
    private readonly framesPerDevice = INSPECTOR_FRAMES_PER_DEVICE,
    private readonly bytesPerDevice = INSPECTOR_BYTES_PER_DEVICE,
    private readonly maxDevices = INSPECTOR_MAX_DEVICES,
  ) {}

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
    this.recordIn(this.historyOf(key), direction, bytes, m, error, size, pv);
  }

  /** Where `key`'s frames go (made if new); a holder asks again once it is `forgotten`. */
  historyOf(key: string): DeviceHistory {
    let r = this.rings.get(key);
    if (!r) {
      if (this.rings.size >= this.maxDevices) this.forgetOne();
      r = {
        key,
        ring: new FrameRing(this.framesPerDevice, this.bytesPerDevice),
        streams: null,
        seq: 0,
        active: true,
        forgotten: false,
      };
      this.rings.set(key, r);
    }
    return r;
  }

  /** `record` into a history already at hand (the broker's per-connection fast path). */
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
    r.active = true;
    const head =
      bytes.length > INSPECTOR_MAX_HEX_BYTES ? bytes.subarray(0, INSPECTOR_MAX_HEX_BYTES) : bytes;
    const big = m !== null && bytes.length > INSPECTOR_MAX_HEX_BYTES;
    const extra: Extra | undefined =
      big || error
        ? { ...(big ? { message: previewOf(m) } : {}), ...(error ? { error: error.message } : {}) }
        : undefined;
    if (m?.type === MessageType.START_STREAM)
      rememberStream((r.streams ??= new BoundedMap(INSPECTOR_STREAM_NAMES)), m, pv);
    r.ring.push(++r.seq, this.wallNow(), direction === 'out', pv, head, size, extra);
    if (this.events.has(r.key)) {
      // Just pushed, so the ring has a newest frame; the check only narrows the type.
      const newest = r.ring.last();
      if (newest) this.events.emit(r.key, present(newest, r.streams));
    }
  }

  /** Frames kept for a device, oldest first, optionally only those after `afterSeq`. */
  frames(key: string, afterSeq = 0): InspectedFrame[] {
    const r = this.rings.get(key);
    if (!r) return [];
    const streams = r.streams;
    return r.ring.entries(afterSeq).map((e) => present(e, streams));
  }

  follow(key: string, listener: (f: InspectedFrame) => void): Dispose {
    return this.events.on(key, listener);
  }

  clear(key: string): void {
    this.rings.get(key)?.ring.clear();
  }

  /**
   * Forgets the oldest history that was not active since it was last passed over; an active one
   * loses its flag and goes to the back. Each flag cleared was set by a frame, so this is O(1)
   * per frame overall.
   */
  private forgetOne(): void {
    for (const [key, h] of this.rings) {
      this.rings.delete(key);
      if (!h.active) {
        // A connection may still hold it: its frames go (the next time) to a new history, and
        // its memory goes now, so the bound on devices kept holds whoever holds the handle.
        h.forgotten = true;
        h.ring = FORGOTTEN;
        h.streams = null;
        return;
      }
      h.active = false;
      this.rings.set(key, h);
    }
  }
}

/** The stored message, or the kept bytes decoded again when they hold the whole frame. */
function messageOf(s: RingEntry, extra: Extra | undefined): Message | null {
  if (extra?.message) return extra.message;
  if (extra?.error !== undefined || s.bytes.length !== s.size || s.size === 0) return null;
  try {
    return decodeFrame(s.bytes, s.pv);
  } catch {
    return null;
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

function present(s: RingEntry, streams: ReadonlyMap<number, string> | null): InspectedFrame {
  const extra = s.extra as Extra | undefined;
  const m = messageOf(s, extra);
  const b0 = s.bytes[0];
  const typeId = m ? m.type : b0 !== undefined && b0 < 0x80 ? b0 : null;
  let fields: InspectedFrame['fields'] = null;
  if (m) {
    try {
      fields = messageToJson(m).fields;
    } catch {
      fields = null;
    }
  }
  const streamId = m ? (streamIdOf(m) ?? null) : null;
  return {
    seq: s.seq,
    time: s.time,
    direction: s.direction,
    type: typeId === null ? 'UNKNOWN' : messageTypeName(typeId),
    typeId,
    streamId,
    fields,
    hex: bytesToHex(s.bytes),
    size: s.size,
    error: extra?.error ?? null,
    resource: streamId === null ? null : (streams?.get(streamId) ?? null),
  };
}

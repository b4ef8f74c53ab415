/**
 * The protocol inspector: per device, a bounded ring of the frames that crossed the wire (time,
 * direction, type, stream id, decoded fields, raw hex), readable and followable live.
 */
import {
  bytesToHex,
  decodeFrame,
  messageToJson,
  messageTypeName,
  streamIdOf,
  type IotmpCodecError,
  type Json,
  type Message,
  type ProtocolVersion,
} from '../protocol';
import { RingBuffer } from '../util/RingBuffer';
import { Emitter, type Dispose } from '../util/Emitter';

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
}

/** Frames kept per device: enough to scroll back through a session, bounded in memory. */
export const INSPECTOR_FRAMES_PER_DEVICE = 100;
/** Hex kept per frame: a 256 KiB file chunk would otherwise dominate the buffer. */
export const INSPECTOR_MAX_HEX_BYTES = 1024;
/** Devices whose frames are kept: least recently active ones are forgotten first. */
export const INSPECTOR_MAX_DEVICES = 1000;

interface Stored {
  seq: number;
  time: number;
  direction: 'in' | 'out';
  /**
   * Only for frames longer than the kept bytes. Whole frames are decoded again when read: a
   * hundred decoded messages per device would be a large, long-lived object graph for the GC
   * (it showed as latency in bench:broker), while their bytes are one small array each.
   */
  message: Message | null;
  /** Protocol version to decode `head` with. */
  pv: ProtocolVersion;
  /** A copy of at most INSPECTOR_MAX_HEX_BYTES: a view would pin the socket's whole chunk. */
  head: Uint8Array;
  size: number;
  error: string | null;
}

export class FrameInspector {
  private readonly rings = new Map<string, { ring: RingBuffer<Stored>; seq: number }>();
  private readonly events = new Emitter<Record<string, InspectedFrame>>();

  constructor(
    private readonly wallNow: () => number,
    private readonly framesPerDevice = INSPECTOR_FRAMES_PER_DEVICE,
  ) {}

  /** Cheap on the hot path: decoding to JSON and hex happens only when someone reads. */
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
    let r = this.rings.get(key);
    if (!r) {
      if (this.rings.size >= INSPECTOR_MAX_DEVICES)
        this.rings.delete(this.rings.keys().next().value!);
      r = { ring: new RingBuffer(this.framesPerDevice), seq: 0 };
      this.rings.set(key, r);
    }
    const stored: Stored = {
      seq: ++r.seq,
      time: this.wallNow(),
      direction,
      message: m && bytes.length > INSPECTOR_MAX_HEX_BYTES ? m : null,
      pv,
      head: bytes.slice(0, INSPECTOR_MAX_HEX_BYTES),
      size,
      error: error ? error.message : null,
    };
    r.ring.push(stored);
    if (this.events.has(key)) this.events.emit(key, present(stored));
  }

  /** Frames kept for a device, oldest first, optionally only those after `afterSeq`. */
  frames(key: string, afterSeq = 0): InspectedFrame[] {
    return (this.rings.get(key)?.ring.toArray() ?? []).filter((f) => f.seq > afterSeq).map(present);
  }

  follow(key: string, listener: (f: InspectedFrame) => void): Dispose {
    return this.events.on(key, listener);
  }

  clear(key: string): void {
    this.rings.get(key)?.ring.clear();
  }
}

/** The stored message, or the kept bytes decoded again when they hold the whole frame. */
function messageOf(s: Stored): Message | null {
  if (s.message) return s.message;
  if (s.error !== null || s.head.length !== s.size || s.size === 0) return null;
  try {
    return decodeFrame(s.head, s.pv);
  } catch {
    return null;
  }
}

function present(s: Stored): InspectedFrame {
  const m = messageOf(s);
  const typeId = m ? m.type : s.head.length > 0 && s.head[0]! < 0x80 ? s.head[0]! : null;
  let fields: InspectedFrame['fields'] = null;
  if (m) {
    try {
      fields = messageToJson(m).fields;
    } catch {
      fields = null;
    }
  }
  return {
    seq: s.seq,
    time: s.time,
    direction: s.direction,
    type: typeId === null ? 'UNKNOWN' : messageTypeName(typeId),
    typeId,
    streamId: m ? (streamIdOf(m) ?? null) : null,
    fields,
    hex: bytesToHex(s.head),
    size: s.size,
    error: s.error,
  };
}

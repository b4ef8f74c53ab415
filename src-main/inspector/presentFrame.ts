/** What the inspector shows of a kept frame (decoded and turned into hex only when read). */
import {
  bytesToHex,
  decodeFrame,
  messageToJson,
  messageTypeName,
  streamIdOf,
  type Json,
  type Message,
} from '../protocol';
import type { RingEntry } from './FrameRing';

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

/** What only some frames have, kept beside the ring. */
export interface Extra {
  /**
   * Only for frames longer than the kept bytes, as a preview (long values cut: messagePreview).
   * Whole frames are decoded again when read: a hundred decoded messages per device would be a
   * large, long-lived object graph for the GC.
   */
  message?: Message;
  error?: string;
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

export function present(s: RingEntry, streams: ReadonlyMap<number, string> | null): InspectedFrame {
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

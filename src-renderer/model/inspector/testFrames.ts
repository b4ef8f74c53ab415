/**
 * Frames for the inspector's tests, built by the real codec: the hex is what the broker would
 * keep, and the fields are what it would send (messageToJson), so layouts and rows are realistic.
 */
import type { InspectedFrame } from '@contract/schemas';
import { encodeFrame } from '@protocol/codec';
import { bytesToHex } from '@protocol/hex';
import { messageToJson } from '@protocol/json';
import { streamIdOf, type Message } from '@protocol/message';

export const T0 = Date.UTC(2026, 10, 25, 13, 2, 11, 42);

export function inspected(
  seq: number,
  direction: 'in' | 'out',
  m: Message,
  time = T0 + seq * 10,
): InspectedFrame {
  const bytes = encodeFrame(m, 1);
  const json = messageToJson(m);
  return {
    seq,
    time,
    direction,
    type: json.type,
    typeId: json.type_id,
    streamId: streamIdOf(m) ?? null,
    fields: json.fields,
    hex: bytesToHex(bytes),
    size: bytes.length,
    error: null,
  };
}

/** A frame the broker could not decode: its header and an error in the codec's words. */
export function malformed(seq: number, time = T0 + seq * 10): InspectedFrame {
  return {
    seq,
    time,
    direction: 'in',
    type: 'RUN',
    typeId: 6,
    streamId: null,
    fields: null,
    hex: '06030f0000',
    size: 5,
    // The broker decodes the body apart from the header: its offset counts from the body.
    error: 'UNKNOWN_WIRE_TYPE at byte 0: wire type 7 of field 1 is not defined for pv1',
  };
}

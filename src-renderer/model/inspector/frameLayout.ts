/**
 * Where each part of a frame sits in its bytes, so hovering a decoded field can highlight its
 * bytes in the hex dump. The inspector sends fields without offsets; the pure codec re-reads the
 * kept bytes here: header varints (IOTMP.md §2.1), then each field's key and value (§3).
 */
import { decodeFrame, readPson, structuredWireType, WireType } from '@protocol/codec';
import { isCodecError } from '@protocol/errors';
import { hexToBytes } from '@protocol/hex';
import { fieldName } from '@protocol/json';
import { cursor, varint32At, varintEnd } from '@protocol/varint';
import type { Pv } from './frameRow';

/** Bytes `start` up to (not including) `end`. */
export interface ByteRange {
  start: number;
  end: number;
}

interface FieldSpan {
  field: number;
  name: string;
  /** The key varint and the value together. */
  range: ByteRange;
}

export interface FrameLayout {
  bytes: Uint8Array;
  type: ByteRange | null;
  size: ByteRange | null;
  /** The body size the header declares. */
  bodySize: number | null;
  fields: FieldSpan[];
}

function bytesOfHex(hex: string): Uint8Array {
  try {
    return hexToBytes(hex);
  } catch {
    return new Uint8Array(0);
  }
}

/** As much of the layout as the bytes allow: a cut or malformed frame stops where it breaks. */
export function frameLayout(hex: string, pv: Pv): FrameLayout {
  const bytes = bytesOfHex(hex);
  const layout: FrameLayout = { bytes, type: null, size: null, bodySize: null, fields: [] };
  try {
    varint32At(bytes, 0, bytes.length);
    layout.type = { start: 0, end: varintEnd };
    const sizeAt = varintEnd;
    const bodySize = varint32At(bytes, sizeAt, bytes.length);
    const bodyAt = varintEnd;
    layout.size = { start: sizeAt, end: bodyAt };
    layout.bodySize = bodySize;
    const end = Math.min(bytes.length, bodyAt + bodySize);
    const pson = structuredWireType(pv);
    let pos = bodyAt;
    while (pos < end) {
      const key = varint32At(bytes, pos, end);
      const wire = key & 7;
      const field = Math.floor(key / 8);
      let valueEnd: number;
      if (wire === WireType.VARINT) {
        varint32At(bytes, varintEnd, end);
        valueEnd = varintEnd;
      } else if (wire === pson) {
        const c = cursor(bytes, varintEnd, end);
        readPson(c, pv);
        valueEnd = c.pos;
      } else break;
      layout.fields.push({ field, name: fieldName(field), range: { start: pos, end: valueEnd } });
      pos = valueEnd;
    }
  } catch {
    // What was read so far stays: the error itself is shown from the frame's `error`.
  }
  return layout;
}

/**
 * Where in the frame a decoding error sits. The broker decodes bodies apart from their header,
 * so its offsets for body errors count from the body; decoding the kept bytes again here gives
 * the frame offset, and when they are cut, the header size is added to a body error's offset.
 */
export function errorOffsetInFrame(
  layout: FrameLayout,
  size: number,
  pv: Pv,
  error: { code: string | null; offset: number | null },
): number | null {
  if (error.offset === null) return null;
  if (layout.bytes.length === size) {
    try {
      decodeFrame(layout.bytes, pv);
    } catch (e) {
      if (isCodecError(e) && e.code === error.code && e.offset >= 0) return e.offset;
    }
  }
  const bodyAt = layout.size?.end;
  return error.code?.startsWith('FRAME_') || bodyAt === undefined
    ? error.offset
    : error.offset + bodyAt;
}

import { CodecErrorCode, IotmpCodecError } from './errors';
import { byteAt } from './byteAt';
import { ByteWriter } from './ByteWriter';
import { normalizeInteger } from './value';

/** A read position in a byte buffer; decoders advance `pos` and never read at or past `end`. */
export interface Cursor {
  buf: Uint8Array;
  pos: number;
  end: number;
}

export function cursor(buf: Uint8Array, pos = 0, end = buf.length): Cursor {
  return { buf, pos, end };
}

/** Position after the varint read by the last `varint32At`/`varint64At` call. */
export let varintEnd = 0;

/**
 * The clients' 32-bit reader, used for frame headers, field keys and varint field values
 * (IOTMP.md §2.2): at most 5 bytes; overlong forms are accepted; bits past 32 are refused.
 */
export function varint32At(buf: Uint8Array, start: number, end: number): number {
  // Bytes 1–4 carry 28 bits: plain int32 shifts are exact there.
  let pos = start;
  let value = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) throw truncated(start);
    const b = byteAt(buf, pos++);
    value |= (b & 0x7f) << shift;
    if (b < 0x80) {
      varintEnd = pos;
      return value;
    }
  }
  if (pos >= end) throw truncated(start);
  const b = byteAt(buf, pos++);
  // §2.2 (recommendation): a 5th byte may only hold the top 4 bits and must end the varint.
  if (b > 0x0f) throw overflow(start, 32);
  varintEnd = pos;
  return value + b * 0x10000000;
}

/**
 * The clients' 64-bit reader, used inside PSON (§2.2, §4.1): at most 10 bytes, the 10th holding
 * only the top bit. Returns a `number` when exact, else a `bigint`.
 */
export function varint64At(buf: Uint8Array, start: number, end: number): number | bigint {
  let pos = start;
  let value = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) throw truncated(start);
    const b = byteAt(buf, pos++);
    value |= (b & 0x7f) << shift;
    if (b < 0x80) {
      varintEnd = pos;
      return value;
    }
  }
  // Bytes 5–8 in a double: exact while the total stays below 2^53.
  let scale = 0x10000000;
  for (let i = 4; i < 8; i++) {
    if (pos >= end) throw truncated(start);
    const b = byteAt(buf, pos++);
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (value > Number.MAX_SAFE_INTEGER) break;
      varintEnd = pos;
      return value;
    }
    scale *= 0x80;
  }
  return varint64Big(buf, start, end);
}

/** The exact 64-bit path for values past 2^53 (rare: only as bigint). */
function varint64Big(buf: Uint8Array, start: number, end: number): number | bigint {
  let pos = start;
  let big = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw truncated(start);
    const b = byteAt(buf, pos++);
    if (i === 9 && b > 0x01) throw overflow(start, 64);
    big |= BigInt(b & 0x7f) << BigInt(7 * i);
    if (b < 0x80) {
      varintEnd = pos;
      return normalizeInteger(big);
    }
  }
  throw overflow(start, 64);
}

function readVarint64(c: Cursor): number | bigint {
  const v = varint64At(c.buf, c.pos, c.end);
  c.pos = varintEnd;
  return v;
}

function truncated(at: number): IotmpCodecError {
  return new IotmpCodecError(
    CodecErrorCode.VARINT_TRUNCATED,
    'varint ends before its last byte',
    at,
  );
}

function overflow(at: number, bits: number): IotmpCodecError {
  return new IotmpCodecError(
    CodecErrorCode.VARINT_OVERFLOW,
    `varint does not fit the ${bits}-bit reader`,
    at,
  );
}

/** Decodes one complete 64-bit varint; every byte must be used. */
export function decodeVarint(bytes: Uint8Array): number | bigint {
  const c = cursor(bytes);
  const v = readVarint64(c);
  if (c.pos !== bytes.length) {
    throw new IotmpCodecError(CodecErrorCode.TRAILING_BYTES, 'bytes after the varint', c.pos);
  }
  return v;
}

/** Canonical varint of a non-negative integer up to 2^64−1. */
export function encodeVarint(n: number | bigint): Uint8Array {
  const w = new ByteWriter(16);
  if (typeof n === 'bigint') w.varintBig(n);
  else if (Number.isSafeInteger(n) && n >= 0) w.varint(n);
  else if (Number.isInteger(n) && n >= 0) w.varintBig(BigInt(n));
  else
    throw new IotmpCodecError(
      CodecErrorCode.ENCODE_UNSUPPORTED,
      `${n} is not a non-negative integer`,
    );
  return w.end();
}

/**
 * Compact PSON as pv1 clients speak it (IOTMP.md §4.1–§4.10): one tag byte (type in bits 7..5,
 * inline value 0..30 in bits 4..0, 31 = a 64-bit varint follows), then the type's data.
 */
import { ByteWriter, varintSize } from './ByteWriter';
import { CodecErrorCode, IotmpCodecError } from './errors';
import { byteAt } from './byteAt';
import { internKey, lookupKey } from './keyCache';
import { readFloat32, readFloat64 } from './float';
import { decodeUtf8 } from './utf8';
import { isPlainMap, setMapEntry, normalizeInteger, type PsonMap, type PsonValue } from './value';
import { varint64At, varintEnd, type Cursor } from './varint';

const T_UINT = 0;
const T_NINT = 1;
const T_FLOAT = 2;
const T_DISCRETE = 3;
const T_STRING = 4;
const T_BYTES = 5;
const T_MAP = 6;
const T_ARRAY = 7;

const EXTENDED = 31;

// Decoder state lives in module variables while one (synchronous, non-reentrant) decode runs:
// that keeps the hot loop free of property loads.
let src: Uint8Array = new Uint8Array(0);
let pos = 0;
let end = 0;
let maxDepth = 0;

/**
 * Reads one pv1 PSON value at `c.pos` and advances it (the enclosing field has no length, §3.2).
 */
export function readPsonV1(c: Cursor, depthLimit: number): PsonValue {
  src = c.buf;
  pos = c.pos;
  end = c.end;
  maxDepth = depthLimit;
  try {
    return readValue(0);
  } finally {
    c.pos = pos;
    src = EMPTY_BYTES;
  }
}

const EMPTY_BYTES = new Uint8Array(0);

function fail(code: CodecErrorCode, message: string, at: number): never {
  throw new IotmpCodecError(code, message, at);
}

/** The tag's value: inline (0..30) or the extended 64-bit varint. */
function readLength(inline: number, tagAt: number): number {
  return inline !== EXTENDED ? inline : readExtendedLength(tagAt);
}

/** A length or count in the extended form: it must fit the remaining input anyway. */
function readExtendedLength(tagAt: number): number {
  const v = varint64At(src, pos, end);
  pos = varintEnd;
  // Lengths and counts must fit the remaining input anyway; a bigint never does.
  if (typeof v === 'bigint')
    fail(CodecErrorCode.PSON_TRUNCATED, 'declared length exceeds the input', tagAt);
  return v;
}

/**
 * One value. The common shapes of real traffic (small integers, short strings and keys, small
 * maps, floats, booleans) are tested first in a small function the JIT keeps inlined; the rest
 * goes to `readRare`.
 */
function readValue(depth: number): PsonValue {
  if (pos >= end) fail(CodecErrorCode.PSON_TRUNCATED, 'a PSON value was expected', pos);
  const tag = byteAt(src, pos++);
  if (tag < EXTENDED) return tag; // unsigned 0..30
  if (tag === 0x41) return readF64();
  if (tag >= 0xc0 && tag < 0xdf) return readMap(tag & 0x1f, depth, pos - 1);
  if (tag >= 0x80 && tag < 0x9f) return readShortString(tag & 0x1f, pos - 1);
  if (tag === 0x40) return readF32();
  if (tag === 0x61) return true;
  if (tag === 0x60) return false;
  if (tag === 0x62) return null;
  return readRare(tag, depth);
}

function readF64(): number {
  if (end - pos < 8) fail(CodecErrorCode.PSON_TRUNCATED, 'binary64 needs 8 bytes', pos - 1);
  const v = readFloat64(src, pos);
  pos += 8;
  return v;
}

function readF32(): number {
  if (end - pos < 4) fail(CodecErrorCode.PSON_TRUNCATED, 'binary32 needs 4 bytes', pos - 1);
  const v = readFloat32(src, pos);
  pos += 4;
  return v;
}

function readShortString(len: number, tagAt: number): string {
  if (len > end - pos)
    fail(CodecErrorCode.PSON_TRUNCATED, `string of ${len} bytes exceeds the input`, tagAt);
  const s = decodeUtf8(src, pos, pos + len);
  pos += len;
  return s;
}

function readMap(count: number, depth: number, tagAt: number): PsonMap {
  // §4.9: each entry needs at least 2 bytes; refuse before allocating.
  if (count * 2 > end - pos)
    fail(CodecErrorCode.PSON_TRUNCATED, `map of ${count} entries exceeds the input`, tagAt);
  if (depth >= maxDepth) fail(CodecErrorCode.PSON_DEPTH, `nesting deeper than ${maxDepth}`, tagAt);
  const map: PsonMap = {};
  for (let i = 0; i < count; i++) {
    const key = readKey();
    // setMapEntry inlined: this loop is the decoder's hottest path.
    if (key === '__proto__') setMapEntry(map, key, readValue(depth + 1));
    else map[key] = readValue(depth + 1);
  }
  return map;
}

function readArray(count: number, depth: number, tagAt: number): PsonValue[] {
  if (count > end - pos)
    fail(CodecErrorCode.PSON_TRUNCATED, `array of ${count} elements exceeds the input`, tagAt);
  if (depth >= maxDepth) fail(CodecErrorCode.PSON_DEPTH, `nesting deeper than ${maxDepth}`, tagAt);
  const arr: PsonValue[] = new Array<PsonValue>(count);
  for (let i = 0; i < count; i++) arr[i] = readValue(depth + 1);
  return arr;
}

/** Every other tag: extended forms, negative integers, bytes, arrays and the invalid tags. */
function readRare(tag: number, depth: number): PsonValue {
  const tagAt = pos - 1;
  const type = tag >> 5;
  const inline = tag & 0x1f;
  switch (type) {
    case T_UINT:
      return readBigOrNumber(); // inline 31: extended
    case T_NINT: {
      if (inline !== EXTENDED) return inline === 0 ? 0 : -inline;
      const m = readBigOrNumber();
      // §4.2: the sign lives in the type; magnitudes past 2^63 are kept exact as bigint.
      return typeof m === 'bigint' ? normalizeInteger(-m) : m === 0 ? 0 : -m;
    }
    case T_FLOAT: {
      const sub = readLength(inline, tagAt);
      if (sub === 0) return readF32();
      if (sub === 1) return readF64();
      return fail(
        CodecErrorCode.PSON_BAD_FLOAT,
        `floating-point subtype ${sub} is not 0 or 1`,
        tagAt,
      );
    }
    case T_DISCRETE: {
      if (inline === 0) return false;
      if (inline === 1) return true;
      if (inline === 2) return null;
      return fail(
        CodecErrorCode.PSON_BAD_DISCRETE,
        `discrete value ${inline} is not false/true/null`,
        tagAt,
      );
    }
    case T_STRING:
      return readShortString(readLength(inline, tagAt), tagAt);
    case T_BYTES: {
      const len = readLength(inline, tagAt);
      if (len > end - pos)
        fail(CodecErrorCode.PSON_TRUNCATED, `${len} bytes exceed the input`, tagAt);
      // A copy: the input is usually a socket buffer that must not be kept alive or aliased.
      const b = src.slice(pos, pos + len);
      pos += len;
      return b;
    }
    case T_MAP:
      return readMap(readLength(inline, tagAt), depth, tagAt);
    default:
      return readArray(readLength(inline, tagAt), depth, tagAt);
  }
}

function readBigOrNumber(): number | bigint {
  const v = varint64At(src, pos, end);
  pos = varintEnd;
  return v;
}

/** §4.7: a map key must be a PSON string. */
function readKey(): string {
  if (pos >= end) fail(CodecErrorCode.PSON_TRUNCATED, 'a map key was expected', pos);
  const tagAt = pos;
  const tag = byteAt(src, pos++);
  if (tag >> 5 !== T_STRING) fail(CodecErrorCode.PSON_MAP_KEY, 'map key is not a string', tagAt);
  const inline = tag & 0x1f;
  const len = inline < EXTENDED ? inline : readExtendedLength(tagAt);
  if (len > end - pos)
    fail(CodecErrorCode.PSON_TRUNCATED, `key of ${len} bytes exceeds the input`, tagAt);
  const s = lookupKey(src, pos, len) ?? internKey(src, pos, len);
  pos += len;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Encoding

const TWO_POW_63 = 2 ** 63;

function tag(w: ByteWriter, type: number, value: number): void {
  if (value < EXTENDED) {
    w.u8((type << 5) | value);
  } else {
    w.u8((type << 5) | EXTENDED);
    w.varint(value);
  }
}

/** Writes `v` as pv1 PSON. `depth` guards against cyclic or absurdly deep input. */
export function writePsonV1(w: ByteWriter, v: PsonValue, maxDepthOut: number, depth = 0): void {
  switch (typeof v) {
    case 'number':
      writeNumber(w, v);
      return;
    case 'string':
      writeString(w, v, T_STRING);
      return;
    case 'boolean':
      w.u8(v ? 0x61 : 0x60);
      return;
    case 'bigint':
      writeBigInt(w, v);
      return;
    case 'undefined':
      // pv0's "empty" has no pv1 form; null is the closest (§4.4).
      w.u8(0x62);
      return;
    case 'object': {
      if (v === null) {
        w.u8(0x62);
        return;
      }
      if (depth >= maxDepthOut) {
        throw new IotmpCodecError(
          CodecErrorCode.PSON_DEPTH,
          `value nests deeper than ${maxDepthOut}`,
        );
      }
      if (Array.isArray(v)) {
        tag(w, T_ARRAY, v.length);
        for (let i = 0; i < v.length; i++) writePsonV1(w, v[i], maxDepthOut, depth + 1);
        return;
      }
      if (v instanceof Uint8Array) {
        tag(w, T_BYTES, v.length);
        w.bytes(v);
        return;
      }
      if (isPlainMap(v)) {
        const keys = Object.keys(v);
        tag(w, T_MAP, keys.length);
        for (const k of keys) {
          writeString(w, k, T_STRING);
          writePsonV1(w, v[k], maxDepthOut, depth + 1);
        }
        return;
      }
      break;
    }
    default:
      break;
  }
  throw new IotmpCodecError(
    CodecErrorCode.ENCODE_UNSUPPORTED,
    `cannot encode a ${describe(v)} as PSON`,
  );
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** §4.3: integral values that fit int64 become integers, then binary32 if exact, else binary64. */
function writeNumber(w: ByteWriter, x: number): void {
  if (Number.isInteger(x) && x >= -TWO_POW_63 && x < TWO_POW_63) {
    if (x >= 0) {
      if (x < EXTENDED) w.u8(x);
      else if (x <= Number.MAX_SAFE_INTEGER) tag(w, T_UINT, x);
      else {
        w.u8((T_UINT << 5) | EXTENDED);
        w.varintBig(BigInt(x));
      }
    } else {
      const m = -x;
      if (m < EXTENDED) w.u8((T_NINT << 5) | m);
      else if (m <= Number.MAX_SAFE_INTEGER) tag(w, T_NINT, m);
      else {
        w.u8((T_NINT << 5) | EXTENDED);
        w.varintBig(BigInt(m));
      }
    }
    return;
  }
  if (Math.fround(x) === x) {
    w.u8(0x40);
    w.f32(x);
  } else {
    w.u8(0x41);
    w.f64(x);
  }
}

function writeBigInt(w: ByteWriter, v: bigint): void {
  if (v >= 0n) {
    if (v < 31n) w.u8(Number(v));
    else {
      w.u8((T_UINT << 5) | EXTENDED);
      w.varintBig(v);
    }
  } else {
    const m = -v;
    if (m < 31n) w.u8((T_NINT << 5) | Number(m));
    else {
      w.u8((T_NINT << 5) | EXTENDED);
      w.varintBig(m);
    }
  }
}

/** Tag + UTF-8; the header size is only known after encoding, so reserve the worst case. */
function writeString(w: ByteWriter, s: string, type: number): void {
  const max = s.length * 3;
  if (max < EXTENDED) {
    w.ensure(1 + max);
    const at = w.pos;
    const n = w.utf8At(s, at + 1);
    w.buf[at] = (type << 5) | n;
    w.pos = at + 1 + n;
    return;
  }
  const reserve = 1 + varintSize(max);
  w.ensure(reserve + max);
  const at = w.pos;
  const n = w.utf8At(s, at + reserve);
  const header = n < EXTENDED ? 1 : 1 + varintSize(n);
  if (header !== reserve) w.buf.copyWithin(at + header, at + reserve, at + reserve + n);
  w.buf[at] = (type << 5) | (n < EXTENDED ? n : EXTENDED);
  if (n >= EXTENDED) w.putVarint(at + 1, n);
  w.pos = at + header + n;
}

/**
 * Legacy PSON of pv0 connections (IOTMP.md §4.11): a protobuf-style tag varint
 * `(kind << 3) | wt`, then data decided by the kind; containers carry their byte length.
 */
import { ByteWriter, varintSize } from './ByteWriter';
import { CodecErrorCode, IotmpCodecError } from './errors';
import { readFloat32, readFloat64 } from './float';
import { describe } from './psonV1';
import { decodeUtf8 } from './utf8';
import { isPlainMap, normalizeInteger, setMapEntry, type PsonMap, type PsonValue } from './value';
import { varint32At, varint64At, varintEnd, type Cursor } from './varint';

const K_NULL = 0;
const K_PINT = 1;
const K_NINT = 2;
const K_F32 = 3;
const K_F64 = 4;
const K_TRUE = 5;
const K_FALSE = 6;
const K_ZERO = 7;
const K_ONE = 8;
const K_STRING = 9;
const K_EMPTY_STRING = 10;
const K_BYTES = 11;
const K_EMPTY_BYTES = 12;
const K_MAP = 13;
const K_ARRAY = 14;
const K_EMPTY = 15;

const WT_LENGTH = 2;

function fail(code: CodecErrorCode, message: string, at: number): never {
  throw new IotmpCodecError(code, message, at);
}

/** Reads one legacy PSON value at `c.pos` and advances it. */
export function readPsonV0(c: Cursor, depthLimit: number): PsonValue {
  const r = new Pv0Reader(c.buf, c.pos, depthLimit);
  const v = r.value(c.end, 0);
  c.pos = r.pos;
  return v;
}

class Pv0Reader {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly maxDepth: number,
  ) {}

  private length(end: number, at: number): number {
    const n = varint32At(this.buf, this.pos, end);
    this.pos = varintEnd;
    if (n > end - this.pos)
      fail(CodecErrorCode.PSON_TRUNCATED, `length ${n} exceeds the input`, at);
    return n;
  }

  value(end: number, depth: number): PsonValue {
    const at = this.pos;
    if (at >= end) fail(CodecErrorCode.PSON_TRUNCATED, 'a PSON value was expected', at);
    const tag = varint32At(this.buf, at, end);
    this.pos = varintEnd;
    const kind = tag >>> 3;
    const wt = tag & 7;
    const lengthDelimited =
      kind === K_STRING || kind === K_BYTES || kind === K_MAP || kind === K_ARRAY;
    if (kind > K_EMPTY || lengthDelimited !== (wt === WT_LENGTH)) {
      fail(
        CodecErrorCode.PSON_BAD_TAG,
        `legacy tag 0x${tag.toString(16)} (kind ${kind}, wire type ${wt})`,
        at,
      );
    }
    switch (kind) {
      case K_NULL:
        return null;
      case K_PINT:
      case K_NINT: {
        const m = varint64At(this.buf, this.pos, end);
        this.pos = varintEnd;
        if (kind === K_PINT) return m;
        if (typeof m === 'bigint') return normalizeInteger(-m);
        return m === 0 ? 0 : -m;
      }
      case K_F32:
      case K_F64: {
        const size = kind === K_F32 ? 4 : 8;
        if (end - this.pos < size)
          fail(CodecErrorCode.PSON_TRUNCATED, `float needs ${size} bytes`, at);
        const v = size === 4 ? readFloat32(this.buf, this.pos) : readFloat64(this.buf, this.pos);
        this.pos += size;
        return v;
      }
      case K_TRUE:
        return true;
      case K_FALSE:
        return false;
      case K_ZERO:
        return 0;
      case K_ONE:
        return 1;
      case K_EMPTY_STRING:
        return '';
      case K_EMPTY_BYTES:
        return new Uint8Array(0);
      case K_EMPTY:
        return undefined;
      case K_STRING: {
        const n = this.length(end, at);
        const s = decodeUtf8(this.buf, this.pos, this.pos + n);
        this.pos += n;
        return s;
      }
      case K_BYTES: {
        const n = this.length(end, at);
        const b = this.buf.slice(this.pos, this.pos + n);
        this.pos += n;
        return b;
      }
      case K_MAP:
        return this.map(end, depth, at);
      default: // K_ARRAY
        return this.array(end, depth, at);
    }
  }

  /** A map's entries, read within its declared length: an overrun is malformed (§4.11). */
  private map(end: number, depth: number, at: number): PsonMap {
    const n = this.length(end, at);
    if (depth >= this.maxDepth)
      fail(CodecErrorCode.PSON_DEPTH, `nesting deeper than ${this.maxDepth}`, at);
    const stop = this.pos + n;
    const map: PsonMap = {};
    while (this.pos < stop) {
      const keyAt = this.pos;
      const klen = this.length(stop, keyAt);
      const key = decodeUtf8(this.buf, this.pos, this.pos + klen);
      this.pos += klen;
      setMapEntry(map, key, this.value(stop, depth + 1));
    }
    return map;
  }

  private array(end: number, depth: number, at: number): PsonValue[] {
    const n = this.length(end, at);
    if (depth >= this.maxDepth)
      fail(CodecErrorCode.PSON_DEPTH, `nesting deeper than ${this.maxDepth}`, at);
    const stop = this.pos + n;
    const arr: PsonValue[] = [];
    while (this.pos < stop) arr.push(this.value(stop, depth + 1));
    return arr;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

const TWO_POW_63 = 2 ** 63;
const LEGACY_FLOAT_TOLERANCE = 1e-5; // §4.11: binary32 whenever |x − float32(x)| ≤ 1e-5

function tagOf(kind: number, wt: number): number {
  return (kind << 3) | wt;
}

export function writePsonV0(w: ByteWriter, v: PsonValue, maxDepthOut: number, depth = 0): void {
  switch (typeof v) {
    case 'undefined':
      w.u8(tagOf(K_EMPTY, 0));
      return;
    case 'boolean':
      w.u8(v ? tagOf(K_TRUE, 0) : tagOf(K_FALSE, 0));
      return;
    case 'number':
      writeNumber(w, v);
      return;
    case 'bigint':
      if (Number.isSafeInteger(Number(v))) writeNumber(w, Number(v));
      else if (v > 0n) {
        w.u8(tagOf(K_PINT, 0));
        w.varintBig(v);
      } else {
        w.u8(tagOf(K_NINT, 0));
        w.varintBig(-v);
      }
      return;
    case 'string':
      if (v.length === 0) w.u8(tagOf(K_EMPTY_STRING, 0));
      else {
        w.u8(tagOf(K_STRING, WT_LENGTH));
        writeLengthPrefixedUtf8(w, v);
      }
      return;
    case 'object': {
      if (v === null) {
        w.u8(tagOf(K_NULL, 0));
        return;
      }
      if (depth >= maxDepthOut) {
        throw new IotmpCodecError(
          CodecErrorCode.PSON_DEPTH,
          `value nests deeper than ${maxDepthOut}`,
        );
      }
      if (v instanceof Uint8Array) {
        if (v.length === 0) w.u8(tagOf(K_EMPTY_BYTES, 0));
        else {
          w.u8(tagOf(K_BYTES, WT_LENGTH));
          w.varint(v.length);
          w.bytes(v);
        }
        return;
      }
      if (Array.isArray(v)) {
        w.u8(tagOf(K_ARRAY, WT_LENGTH));
        w.lengthPrefixed(() => {
          for (const item of v) writePsonV0(w, item, maxDepthOut, depth + 1);
        });
        return;
      }
      if (isPlainMap(v)) {
        w.u8(tagOf(K_MAP, WT_LENGTH));
        w.lengthPrefixed(() => {
          for (const key of Object.keys(v)) {
            writeLengthPrefixedUtf8(w, key);
            writePsonV0(w, v[key], maxDepthOut, depth + 1);
          }
        });
        return;
      }
      break;
    }
    default:
      break;
  }
  throw new IotmpCodecError(
    CodecErrorCode.ENCODE_UNSUPPORTED,
    `cannot encode a ${describe(v)} as legacy PSON`,
  );
}

function writeNumber(w: ByteWriter, x: number): void {
  if (Number.isInteger(x) && x >= -TWO_POW_63 && x < TWO_POW_63) {
    if (x === 0) w.u8(tagOf(K_ZERO, 0));
    else if (x === 1) w.u8(tagOf(K_ONE, 0));
    else if (x > 0) {
      w.u8(tagOf(K_PINT, 0));
      if (x <= Number.MAX_SAFE_INTEGER) w.varint(x);
      else w.varintBig(BigInt(x));
    } else {
      w.u8(tagOf(K_NINT, 0));
      if (-x <= Number.MAX_SAFE_INTEGER) w.varint(-x);
      else w.varintBig(BigInt(-x));
    }
    return;
  }
  if (Math.abs(x - Math.fround(x)) <= LEGACY_FLOAT_TOLERANCE) {
    w.u8(tagOf(K_F32, 5));
    w.f32(x);
  } else {
    w.u8(tagOf(K_F64, 1));
    w.f64(x);
  }
}

function writeLengthPrefixedUtf8(w: ByteWriter, s: string): void {
  const max = s.length * 3;
  const reserve = varintSize(max);
  w.ensure(reserve + max);
  const at = w.pos;
  const n = w.utf8At(s, at + reserve);
  const header = varintSize(n);
  if (header !== reserve) w.buf.copyWithin(at + header, at + reserve, at + reserve + n);
  w.putVarint(at, n);
  w.pos = at + header + n;
}

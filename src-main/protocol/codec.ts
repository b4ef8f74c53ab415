/**
 * Message bodies and frames (IOTMP.md §2, §3). Pure: bytes in, values or typed errors out.
 */
import { ByteWriter } from './ByteWriter';
import { byteAt } from './byteAt';
import { CodecErrorCode, IotmpCodecError } from './errors';
import { DEFAULT_LIMITS, type CodecLimits } from './limits';
import { message, type Message } from './message';
import { readPsonV0, writePsonV0 } from './psonV0';
import { readPsonV1, writePsonV1 } from './psonV1';
import type { ProtocolVersion, PsonValue } from './value';
import { cursor, varint32At, varintEnd, type Cursor } from './varint';

export const WireType = {
  VARINT: 0,
  /** Legacy PSON: valid on pv0 connections only (§3.2). */
  PSON_V0: 1,
  /** Compact PSON: valid on pv1 connections only (§3.2). */
  PSON_V1: 2,
} as const;

const MAX_VARINT_FIELD = 0xffff_ffff;

export function structuredWireType(pv: ProtocolVersion): number {
  return pv === 0 ? WireType.PSON_V0 : WireType.PSON_V1;
}

/** Reads one PSON value of the given version. */
export function readPson(
  c: Cursor,
  pv: ProtocolVersion,
  maxDepth = DEFAULT_LIMITS.maxDepth,
): PsonValue {
  return pv === 0 ? readPsonV0(c, maxDepth) : readPsonV1(c, maxDepth);
}

/** Decodes one complete PSON value; every byte must be used. */
export function decodePson(
  bytes: Uint8Array,
  pv: ProtocolVersion = 1,
  maxDepth = DEFAULT_LIMITS.maxDepth,
): PsonValue {
  const c = cursor(bytes);
  const v = readPson(c, pv, maxDepth);
  if (c.pos !== bytes.length) {
    throw new IotmpCodecError(CodecErrorCode.TRAILING_BYTES, 'bytes after the PSON value', c.pos);
  }
  return v;
}

const shared = new ByteWriter();

/** Runs one encoder on the shared writer; a failed encode leaves nothing behind. */
function encodeWith(write: (w: ByteWriter) => void): Uint8Array {
  shared.begin();
  try {
    write(shared);
  } catch (e) {
    shared.end();
    throw e;
  }
  return shared.end();
}

function writePson(w: ByteWriter, v: PsonValue, pv: ProtocolVersion, maxDepth: number): void {
  if (pv === 0) writePsonV0(w, v, maxDepth);
  else writePsonV1(w, v, maxDepth);
}

export function encodePson(
  v: PsonValue,
  pv: ProtocolVersion = 1,
  maxDepth = DEFAULT_LIMITS.maxDepth,
): Uint8Array {
  return encodeWith((w) => writePson(w, v, pv, maxDepth));
}

// Bodies ----------------------------------------------------------------------------------------

/**
 * Decodes a body into its fields, in wire order (§3). Unknown field numbers are kept (§3.5);
 * a repeated field keeps its last value.
 */
export function decodeBody(
  type: number,
  body: Uint8Array,
  pv: ProtocolVersion,
  limits: Partial<CodecLimits> = {},
  baseOffset = 0,
): Message {
  const maxFields = limits.maxFields ?? DEFAULT_LIMITS.maxFields;
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const pson = structuredWireType(pv);
  const fields = new Map<number, PsonValue>();
  const c = cursor(body);
  let count = 0;
  /** A pv0 value decoded as empty (undefined): `message` leaves such fields out. */
  let empty = false;
  try {
    while (c.pos < c.end) {
      const keyAt = c.pos;
      if (++count > maxFields) {
        throw new IotmpCodecError(
          CodecErrorCode.TOO_MANY_FIELDS,
          `more than ${maxFields} fields`,
          keyAt,
        );
      }
      const key = varint32At(body, c.pos, c.end);
      c.pos = varintEnd;
      const wire = key & 7;
      const field = Math.floor(key / 8);
      if (wire === WireType.VARINT) {
        fields.set(field, varint32At(body, c.pos, c.end));
        c.pos = varintEnd;
      } else if (wire === pson) {
        const v = readPson(c, pv, maxDepth);
        if (v === undefined) empty = true;
        fields.set(field, v);
      } else {
        // §3.2: the decoder cannot know how many bytes to skip, so the whole body is lost.
        throw new IotmpCodecError(
          CodecErrorCode.UNKNOWN_WIRE_TYPE,
          `wire type ${wire} of field ${field} is not defined for pv${pv}`,
          keyAt,
        );
      }
    }
  } catch (e) {
    throw rebase(e, baseOffset);
  }
  // `message` copies the map to leave out undefined values: only needed when there is one. Per
  // frame the copy was a second Map, its iterator and an entry array per field (a sample's
  // largest allocation, docs/performance.md).
  return empty ? message(type, fields) : { type, fields };
}

/** Shifts an error's offset from body-relative to frame-relative. */
function rebase(e: unknown, base: number): unknown {
  if (base === 0 || !(e instanceof IotmpCodecError) || e.offset < 0) return e;
  const detail = e.message.replace(/^[A-Z_]+ at byte \d+: /, '');
  return new IotmpCodecError(e.code, detail, e.offset + base);
}

/**
 * §3.4: non-negative integers below 2^32 travel as varints; everything else as PSON of the
 * connection's version (negative and larger integers too, which clients decode in any field).
 */
function writeField(
  w: ByteWriter,
  field: number,
  v: PsonValue,
  pv: ProtocolVersion,
  maxDepth: number,
): void {
  const n = typeof v === 'bigint' && v >= 0n && v <= MAX_VARINT_FIELD ? Number(v) : v;
  if (
    typeof n === 'number' &&
    Number.isInteger(n) &&
    n >= 0 &&
    n <= MAX_VARINT_FIELD &&
    !Object.is(n, -0)
  ) {
    w.varint(field * 8 + WireType.VARINT);
    w.varint(n);
  } else {
    w.varint(field * 8 + structuredWireType(pv));
    writePson(w, v, pv, maxDepth);
  }
}

function writeBody(w: ByteWriter, m: Message, pv: ProtocolVersion, maxDepth: number): void {
  for (const [field, v] of m.fields) writeField(w, field, v, pv, maxDepth);
}

// Frames ----------------------------------------------------------------------------------------

/** Writes `type, body size, body` (§2.1) into `w`. */
function writeFrame(
  w: ByteWriter,
  m: Message,
  pv: ProtocolVersion,
  maxDepth = DEFAULT_LIMITS.maxDepth,
): void {
  if (!Number.isInteger(m.type) || m.type < 0 || m.type > 0x7f) {
    // §2.1: IOTMP-Linux reads the type as one raw byte.
    throw new IotmpCodecError(
      CodecErrorCode.ENCODE_UNSUPPORTED,
      `message type ${m.type} is not 0..127`,
    );
  }
  w.u8(m.type);
  w.lengthPrefixed(() => writeBody(w, m, pv, maxDepth));
}

/**
 * Encodes a whole frame. The result is a view into a shared chunk that later encodes never
 * overwrite; copy it only if you need a standalone ArrayBuffer.
 */
export function encodeFrame(
  m: Message,
  pv: ProtocolVersion,
  maxDepth = DEFAULT_LIMITS.maxDepth,
): Uint8Array {
  return encodeWith((w) => writeFrame(w, m, pv, maxDepth));
}

export interface FrameHeader {
  type: number;
  bodySize: number;
  /** Bytes taken by the two header varints. */
  headerSize: number;
}

/**
 * Reads a frame header at `pos`; returns null when more bytes are needed. Throws when the header
 * is malformed or declares a body over `maxBodySize` (§2.4): checked before anything is allocated.
 */
export function readFrameHeader(
  buf: Uint8Array,
  pos: number,
  end: number,
  maxBodySize: number,
): FrameHeader | null {
  const type = tryVarint32(buf, pos, end);
  if (type === null) return null;
  const sizeAt = varintEnd;
  const bodySize = tryVarint32(buf, sizeAt, end);
  if (bodySize === null) return null;
  if (bodySize > maxBodySize) {
    throw new IotmpCodecError(
      CodecErrorCode.FRAME_TOO_LARGE,
      `frame declares a ${bodySize}-byte body; the limit is ${maxBodySize}`,
      sizeAt,
    );
  }
  return { type, bodySize, headerSize: varintEnd - pos };
}

/** A 32-bit varint, or null when the input ends before it does (more bytes may come). */
function tryVarint32(buf: Uint8Array, pos: number, end: number): number | null {
  const stop = Math.min(end, pos + 5);
  let i = pos;
  while (i < stop && byteAt(buf, i) >= 0x80) i++;
  if (i === end && end - pos < 5) return null; // unfinished, fewer than 5 bytes: wait for more
  return varint32At(buf, pos, end);
}

export interface DecodedFrame {
  message: Message;
  /** Bytes the frame took. */
  size: number;
}

/** Decodes the frame at `offset` of `bytes`; the frame must be complete. */
export function decodeFrameAt(
  bytes: Uint8Array,
  offset: number,
  pv: ProtocolVersion,
  limits: Partial<CodecLimits> = {},
): DecodedFrame {
  const maxBodySize = limits.maxBodySize ?? DEFAULT_LIMITS.maxBodySize;
  const header = readFrameHeader(bytes, offset, bytes.length, maxBodySize);
  if (header === null) {
    throw new IotmpCodecError(
      CodecErrorCode.FRAME_TRUNCATED,
      'input ends inside the frame header',
      offset,
    );
  }
  const bodyAt = offset + header.headerSize;
  if (bytes.length - bodyAt < header.bodySize) {
    throw new IotmpCodecError(
      CodecErrorCode.FRAME_TRUNCATED,
      `frame declares ${header.bodySize} body bytes, ${bytes.length - bodyAt} present`,
      bodyAt,
    );
  }
  const body = bytes.subarray(bodyAt, bodyAt + header.bodySize);
  return {
    message: decodeBody(header.type, body, pv, limits, bodyAt),
    size: header.headerSize + header.bodySize,
  };
}

/** Decodes exactly one frame that spans all of `bytes`. */
export function decodeFrame(
  bytes: Uint8Array,
  pv: ProtocolVersion,
  limits: Partial<CodecLimits> = {},
): Message {
  const { message: m, size } = decodeFrameAt(bytes, 0, pv, limits);
  if (size !== bytes.length) {
    throw new IotmpCodecError(CodecErrorCode.TRAILING_BYTES, 'bytes after the frame', size);
  }
  return m;
}

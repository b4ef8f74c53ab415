/**
 * Typed codec errors. Every failure of the IOTMP codec is an `IotmpCodecError` with a stable
 * `code` (for tests, logs and the UI) and the byte `offset` where decoding stopped.
 */
export const CodecErrorCode = {
  /** A varint ended while its continuation bit was set, or no byte was there (IOTMP.md §2.2). */
  VARINT_TRUNCATED: 'VARINT_TRUNCATED',
  /** A varint needs more bytes or bits than the clients' 32/64-bit readers accept (§2.2). */
  VARINT_OVERFLOW: 'VARINT_OVERFLOW',
  /** A frame declares a body larger than the configured maximum (§2.4, §10.1). */
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  /** Input ended inside a frame header or body. */
  FRAME_TRUNCATED: 'FRAME_TRUNCATED',
  /** Bytes remain after a complete value or frame where none may. */
  TRAILING_BYTES: 'TRAILING_BYTES',
  /** A field key carries a wire type that this protocol version does not define (§3.2). */
  UNKNOWN_WIRE_TYPE: 'UNKNOWN_WIRE_TYPE',
  /** More fields in one body than `maxFields` (§10.1 MAX_FIELDS_PER_MESSAGE). */
  TOO_MANY_FIELDS: 'TOO_MANY_FIELDS',
  /** A PSON value ends early, or declares more content than the input holds (§4.9). */
  PSON_TRUNCATED: 'PSON_TRUNCATED',
  /** Containers nested deeper than `maxDepth` (§4.9, §10.1 MAX_PSON_DEPTH). */
  PSON_DEPTH: 'PSON_DEPTH',
  /** A floating-point tag whose subtype is neither binary32 nor binary64 (§4.3). */
  PSON_BAD_FLOAT: 'PSON_BAD_FLOAT',
  /** A discrete tag other than false/true/null (§4.4). */
  PSON_BAD_DISCRETE: 'PSON_BAD_DISCRETE',
  /** A map key that is not a string (§4.7). */
  PSON_MAP_KEY: 'PSON_MAP_KEY',
  /** A legacy (pv0) tag with an undefined kind or wire type (§4.11). */
  PSON_BAD_TAG: 'PSON_BAD_TAG',
  /** Text given to the codec (hex, or JSON in the vectors' conventions) is malformed. */
  BAD_INPUT: 'BAD_INPUT',
  /** A value that the encoder cannot represent (e.g. an integer beyond 64 bits, a function). */
  ENCODE_UNSUPPORTED: 'ENCODE_UNSUPPORTED',
} as const;

export type CodecErrorCode = (typeof CodecErrorCode)[keyof typeof CodecErrorCode];

export class IotmpCodecError extends Error {
  readonly code: CodecErrorCode;
  /** Byte offset in the input where the problem was found (-1 when encoding). */
  readonly offset: number;

  constructor(code: CodecErrorCode, message: string, offset = -1) {
    super(offset >= 0 ? `${code} at byte ${offset}: ${message}` : `${code}: ${message}`);
    this.name = 'IotmpCodecError';
    this.code = code;
    this.offset = offset;
  }
}

export function isCodecError(e: unknown): e is IotmpCodecError {
  return e instanceof IotmpCodecError;
}

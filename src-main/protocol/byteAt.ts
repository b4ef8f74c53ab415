import { CodecErrorCode, IotmpCodecError } from './errors';

/**
 * `buf[i]` where the caller's own bounds check says the byte is there. Reading past the end is a
 * codec error naming the offset, never an `undefined` that turns into NaN or 0 further on. (The
 * JIT inlines this: on the normal path it costs what the plain read does.)
 */
export function byteAt(buf: ArrayLike<number>, i: number): number {
  const b = buf[i];
  if (b === undefined) {
    throw new IotmpCodecError(
      CodecErrorCode.BAD_INPUT,
      `read past the end of the input (${buf.length} bytes)`,
      i,
    );
  }
  return b;
}

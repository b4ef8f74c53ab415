// Lenient UTF-8 decoding (IOTMP.md §4.5: no client validates UTF-8; invalid sequences become
// U+FFFD and never fail a frame). Short ASCII strings, the common case for keys, names and
// status values, are built with fixed-arity String.fromCharCode calls: for them TextDecoder's
// call overhead dominates.
import { byteAt } from './byteAt';

const decoder = new TextDecoder('utf-8', { fatal: false });
const fromCharCode = String.fromCharCode;

const SHORT = 32;

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT) {
    for (let i = start; i < end; i++) {
      if (byteAt(buf, i) >= 0x80) return decoder.decode(buf.subarray(start, end));
    }
    return ascii(buf, start, end);
  }
  return decoder.decode(buf.subarray(start, end));
}

/** ASCII bytes to a string, four characters per call. */
function ascii(b: Uint8Array, s: number, e: number): string {
  const n = e - s;
  switch (n) {
    case 0:
      return '';
    case 1:
      return fromCharCode(byteAt(b, s));
    case 2:
      return fromCharCode(byteAt(b, s), byteAt(b, s + 1));
    case 3:
      return fromCharCode(byteAt(b, s), byteAt(b, s + 1), byteAt(b, s + 2));
    case 4:
      return fromCharCode(byteAt(b, s), byteAt(b, s + 1), byteAt(b, s + 2), byteAt(b, s + 3));
    default: {
      const half = s + (n >> 1);
      return ascii(b, s, half) + ascii(b, half, e);
    }
  }
}

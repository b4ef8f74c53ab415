// Lenient UTF-8 decoding (IOTMP.md §4.5: no client validates UTF-8; invalid sequences become
// U+FFFD and never fail a frame). Short ASCII strings, the common case for keys and resource
// names, are built by hand because TextDecoder's call overhead dominates at that size.
const decoder = new TextDecoder('utf-8', { fatal: false });

const SHORT = 32;

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= SHORT) {
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) return decoder.decode(buf.subarray(start, end));
    }
    // One call builds a flat string; `s += c` would build a rope, which V8 must flatten and
    // which turns property stores that use it as a key generic.
    return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  }
  return decoder.decode(buf.subarray(start, end));
}

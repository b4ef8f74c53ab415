// Lenient UTF-8 decoding (IOTMP.md §4.5: no client validates UTF-8; invalid sequences become
// U+FFFD and never fail a frame). Short ASCII strings, the common case for keys and resource
// names, are built by hand because TextDecoder's call overhead dominates at that size.
const decoder = new TextDecoder('utf-8', { fatal: false });

const SHORT = 32;

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= SHORT) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b >= 0x80) return decoder.decode(buf.subarray(start, end));
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decoder.decode(buf.subarray(start, end));
}

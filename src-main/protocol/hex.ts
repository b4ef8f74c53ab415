import { byteAt } from './byteAt';
import { CodecErrorCode, IotmpCodecError } from './errors';

const HEX = '0123456789abcdef';

export function bytesToHex(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = byteAt(bytes, i);
    s += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return s;
}

/**
 * Parses hex as people paste it: case-insensitive, with optional spaces, colons or a leading
 * `0x`. A bad character is reported with its offset in the given text.
 */
export function hexToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  let n = 0;
  let high = -1;
  let i = text.startsWith('0x') || text.startsWith('0X') ? 2 : 0;
  for (; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === ' ' || ch === ':' || ch === '\n' || ch === '\t' || ch === '\r') {
      if (high >= 0) throw bad(`a byte is split by whitespace at character ${i}`, i);
      continue;
    }
    const d = HEX.indexOf(ch.toLowerCase());
    if (d < 0) throw bad(`'${ch}' at character ${i} is not a hex digit`, i);
    if (high < 0) high = d;
    else {
      out[n++] = (high << 4) | d;
      high = -1;
    }
  }
  if (high >= 0) throw bad(`odd number of hex digits (the last byte is incomplete)`, text.length);
  return out.slice(0, n);
}

function bad(message: string, at: number): IotmpCodecError {
  return new IotmpCodecError(CodecErrorCode.BAD_INPUT, message, at);
}

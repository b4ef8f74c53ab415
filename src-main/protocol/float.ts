/**
 * Little-endian IEEE-754 reads (PSON floats, IOTMP.md §4.3): the bytes are copied into one
 * scratch buffer and read there, so there is no DataView per input buffer and no allocation per
 * value, on little- and big-endian hosts alike. Callers check the bounds first (a truncated float
 * is their PSON_TRUNCATED); `byteAt` keeps a wrong check from reading `undefined`.
 */
import { byteAt } from './byteAt';

const scratch = new ArrayBuffer(8);
const bytes = new Uint8Array(scratch);
const view = new DataView(scratch);

export function readFloat32(buf: Uint8Array, at: number): number {
  bytes[0] = byteAt(buf, at);
  bytes[1] = byteAt(buf, at + 1);
  bytes[2] = byteAt(buf, at + 2);
  bytes[3] = byteAt(buf, at + 3);
  return view.getFloat32(0, true);
}

export function readFloat64(buf: Uint8Array, at: number): number {
  bytes[0] = byteAt(buf, at);
  bytes[1] = byteAt(buf, at + 1);
  bytes[2] = byteAt(buf, at + 2);
  bytes[3] = byteAt(buf, at + 3);
  bytes[4] = byteAt(buf, at + 4);
  bytes[5] = byteAt(buf, at + 5);
  bytes[6] = byteAt(buf, at + 6);
  bytes[7] = byteAt(buf, at + 7);
  return view.getFloat64(0, true);
}

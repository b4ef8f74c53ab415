/**
 * Little-endian IEEE-754 reads (PSON floats, IOTMP.md §4.3) through a scratch typed array: no
 * DataView per buffer, no allocation per value. Big-endian hosts fall back to DataView.
 */
const scratch = new ArrayBuffer(8);
const bytes = new Uint8Array(scratch);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function readFloat32(buf: Uint8Array, at: number): number {
  if (!LITTLE_ENDIAN) return new DataView(buf.buffer, buf.byteOffset).getFloat32(at, true);
  bytes[0] = buf[at]!;
  bytes[1] = buf[at + 1]!;
  bytes[2] = buf[at + 2]!;
  bytes[3] = buf[at + 3]!;
  return f32[0]!;
}

export function readFloat64(buf: Uint8Array, at: number): number {
  if (!LITTLE_ENDIAN) return new DataView(buf.buffer, buf.byteOffset).getFloat64(at, true);
  bytes[0] = buf[at]!;
  bytes[1] = buf[at + 1]!;
  bytes[2] = buf[at + 2]!;
  bytes[3] = buf[at + 3]!;
  bytes[4] = buf[at + 4]!;
  bytes[5] = buf[at + 5]!;
  bytes[6] = buf[at + 6]!;
  bytes[7] = buf[at + 7]!;
  return f64[0]!;
}

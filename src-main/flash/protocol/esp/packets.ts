/**
 * Requests and responses of the ESP serial download protocol (Espressif's "Serial Protocol"
 * document): request `00 op size:u16 checksum:u32 data`, response `01 op size:u16 value:u32 data
 * status`. The ROM ends its data with `status, error` (plus two reserved bytes, except on the
 * ESP8266); the flasher stub with two bytes whose first is non-zero on failure.
 */

import { concatBytes } from '../ProtocolMachine';

export const Op = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

export const OP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(Op).map(([k, v]) => [v, k]),
);

/** SYNC's payload: 07 07 12 20 then 32 × 0x55, which the ROM auto-bauds on. */
export const SYNC_PAYLOAD = Uint8Array.from([0x07, 0x07, 0x12, 0x20, ...new Array(32).fill(0x55)]);

/** Seed of the data checksum (XOR of the payload) of MEM_DATA and FLASH_(DEFL_)DATA. */
const CHECKSUM_SEED = 0xef;

function dataChecksum(data: Uint8Array): number {
  let c = CHECKSUM_SEED;
  for (const b of data) c ^= b;
  return c;
}

export function u32le(...words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
  return out;
}

export function encodeRequest(op: number, data: Uint8Array, checksum = 0): Uint8Array {
  const out = new Uint8Array(8 + data.length);
  const v = new DataView(out.buffer);
  out[0] = 0x00;
  out[1] = op;
  v.setUint16(2, data.length, true);
  v.setUint32(4, checksum >>> 0, true);
  out.set(data, 8);
  return out;
}

/** A data-block request (MEM_DATA, FLASH_DATA, FLASH_DEFL_DATA): length, sequence, 0, 0, data. */
export function encodeDataRequest(op: number, seq: number, block: Uint8Array): Uint8Array {
  return encodeRequest(op, concatBytes(u32le(block.length, seq, 0, 0), block), dataChecksum(block));
}

export interface Response {
  readonly op: number;
  readonly value: number;
  /** Data before the status bytes. */
  readonly data: Uint8Array;
  /** Whether the status says failure; `error` is the loader's error code then. */
  readonly failed: boolean;
  readonly error: number;
}

/** Decodes a response frame; null when the frame is not a response (noise, a request echo). */
export function parseResponse(
  frame: Uint8Array,
  statusBytes: number,
  stub: boolean,
): Response | null {
  if (frame.length < 8 + 2 || frame[0] !== 0x01) return null;
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const size = v.getUint16(2, true);
  if (size !== frame.length - 8) return null;
  // The ROM's answer to an unsupported command carries 2 or 4 status bytes whatever the chip;
  // take what the size allows.
  const n = Math.min(statusBytes, size);
  const body = frame.subarray(8);
  const status = body.subarray(size - n);
  const first = status[0] ?? 0; // n ≥ 2: the size check above leaves at least 2 body bytes
  return {
    op: v.getUint8(1),
    value: v.getUint32(4, true),
    data: body.subarray(0, size - n),
    failed: status[0] !== 0,
    // ROM: `1, error`; stub: `error, 0`.
    error: first === 0 ? 0 : stub ? first : (status[1] ?? first),
  };
}

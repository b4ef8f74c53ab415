/** Malformed input and the exact error code each must give (IOTMP.md §2.2, §3, §4.9, §10.2). */
import { describe, expect, it } from 'vitest';
import {
  CodecErrorCode as E,
  decodeBody,
  decodeFrame,
  decodePson,
  decodeVarint,
  encodeFrame,
  encodePson,
  hexToBytes,
  IotmpCodecError,
  message,
  type PsonValue,
} from './index';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof IotmpCodecError) return e.code;
    throw e;
  }
  return 'accepted';
}

const h = hexToBytes;

describe('varints', () => {
  it.each([
    ['empty input', '', E.VARINT_TRUNCATED],
    ['continuation bit on the last byte', '80', E.VARINT_TRUNCATED],
    ['eleven bytes for the 64-bit reader', '8080808080808080808001', E.VARINT_OVERFLOW],
    ['10th byte above 0x01 (bit 64 and up)', '80808080808080808002', E.VARINT_OVERFLOW],
    ['a byte after the varint', '0101', E.TRAILING_BYTES],
  ])('%s → %s', (_name, hex, code) => {
    expect(codeOf(() => decodeVarint(h(hex)))).toBe(code);
  });
});

describe('PSON pv1', () => {
  it.each([
    ['empty input', '', E.PSON_TRUNCATED],
    ['extended tag without its varint', '1f', E.VARINT_TRUNCATED],
    ['string longer than the input', '8361', E.PSON_TRUNCATED],
    ['string declaring 2^40 bytes', '9f8080808080200102', E.PSON_TRUNCATED],
    ['array declaring 2^40 elements', 'ff808080808020', E.PSON_TRUNCATED],
    ['map declaring more entries than bytes', 'c3816101', E.PSON_TRUNCATED],
    ['bytes with a 64-bit length beyond 2^53', 'bfffffffffffffffffff01', E.PSON_TRUNCATED],
    ['float subtype 2', '42', E.PSON_BAD_FLOAT],
    ['binary64 cut short', '41000000', E.PSON_TRUNCATED],
    ['discrete value 3', '63', E.PSON_BAD_DISCRETE],
    ['map key that is an integer', 'c10101', E.PSON_MAP_KEY],
    ['map key that is bytes', 'c1a16101', E.PSON_MAP_KEY],
    ['trailing byte after the value', '6060', E.TRAILING_BYTES],
  ])('%s → %s', (_name, hex, code) => {
    expect(codeOf(() => decodePson(h(hex), 1))).toBe(code);
  });

  it('129 nested arrays exceed the default depth of 128 → PSON_DEPTH', () => {
    const bytes = new Uint8Array(129).fill(0xe1);
    expect(codeOf(() => decodePson(new Uint8Array([...bytes, 0xe0]), 1))).toBe(E.PSON_DEPTH);
  });

  it('a configured depth limit is enforced exactly', () => {
    expect(decodePson(h('e1e1e0'), 1, 3)).toEqual([[[]]]);
    expect(codeOf(() => decodePson(h('e1e1e0'), 1, 2))).toBe(E.PSON_DEPTH);
  });
});

describe('PSON pv0', () => {
  it.each([
    ['kind above 15', '8001', E.PSON_BAD_TAG],
    ['length-delimited tag on a scalar kind (null)', '02', E.PSON_BAD_TAG],
    ['string tag without a length wire type', '48', E.PSON_BAD_TAG],
    ['string longer than the input', '4a0561', E.PSON_TRUNCATED],
    ['map whose entry overruns its declared length', '6a0201614a0178', E.PSON_TRUNCATED],
    ['binary32 cut short', '1d0000', E.PSON_TRUNCATED],
  ])('%s → %s', (_name, hex, code) => {
    expect(codeOf(() => decodePson(h(hex), 0))).toBe(code);
  });
});

describe('frames and bodies', () => {
  it.each([
    ['pv1 field with wire type 1 (legacy PSON)', 1, '010409080000', E.UNKNOWN_WIRE_TYPE],
    ['pv0 field with wire type 2', 0, '01031a8161', E.UNKNOWN_WIRE_TYPE],
    ['wire type 3', 1, '01020b01', E.UNKNOWN_WIRE_TYPE],
    ['6-byte field varint', 1, '010708808080808001', E.VARINT_OVERFLOW],
    ['5-byte field varint beyond 32 bits', 1, '01060880808080f0', E.VARINT_OVERFLOW],
    ['key varint cut by the body end', 1, '010180', E.VARINT_TRUNCATED],
    ['value missing after its key', 1, '010308011a', E.PSON_TRUNCATED],
    ['body shorter than declared', 1, '010508', E.FRAME_TRUNCATED],
    ['header cut in the size varint', 1, '0180', E.FRAME_TRUNCATED],
    ['bytes after the frame', 1, '010008', E.TRAILING_BYTES],
    ['declared body of 4 GiB − 1', 1, '06ffffffff0f', E.FRAME_TOO_LARGE],
    ['declared body one byte over 256 KiB', 1, '0681801001', E.FRAME_TOO_LARGE],
    ['17 fields in one body', 1, '0122' + '0801'.repeat(17), E.TOO_MANY_FIELDS],
  ])('%s → %s', (_name, pv, hex, code) => {
    expect(codeOf(() => decodeFrame(h(hex), pv as 0 | 1))).toBe(code);
  });

  it('a body of exactly the configured limit is accepted, one more byte is not', () => {
    const body = '1a' + 'bf8001' + '00'.repeat(128); // payload: 128 bytes
    const frame = h(`018401${body}`);
    expect(decodeFrame(frame, 1, { maxBodySize: 132 }).fields.get(3)).toHaveLength(128);
    expect(codeOf(() => decodeFrame(frame, 1, { maxBodySize: 131 }))).toBe(E.FRAME_TOO_LARGE);
  });

  it('errors carry the byte offset in the whole frame', () => {
    try {
      decodeFrame(h('01041a8161' + '63'), 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IotmpCodecError);
      expect((e as IotmpCodecError).offset).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('encoding refuses what it cannot represent', () => {
  it.each<[string, () => unknown, string]>([
    ['an integer of 65 bits', () => encodePson(1n << 64n), E.ENCODE_UNSUPPORTED],
    ['a function', () => encodePson((() => 1) as unknown as PsonValue), E.ENCODE_UNSUPPORTED],
    ['a Date', () => encodePson(new Date() as unknown as PsonValue), E.ENCODE_UNSUPPORTED],
    ['a type above 127', () => encodeFrame(message(200), 1), E.ENCODE_UNSUPPORTED],
  ])('%s → %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });

  it('a cyclic value fails with PSON_DEPTH instead of overflowing the stack', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(codeOf(() => encodePson(cyclic as PsonValue))).toBe(E.PSON_DEPTH);
    expect(codeOf(() => encodePson(cyclic as PsonValue, 0))).toBe(E.PSON_DEPTH);
  });
});

describe('decodeBody: fields of the wire, empty values left out (§3.2, §4.11)', () => {
  // Field keys: (field << 3) | wire type; pv0 carries PSON in wire type 1, pv1 in 2 (§1.2).
  const body = (...parts: (number | Uint8Array)[]): Uint8Array =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p])));

  it('keeps every field in wire order', () => {
    const m = decodeBody(8, body(0x08, 5, 0x22, encodePson('x', 1), 0x1a, encodePson(7, 1)), 1);
    expect([...m.fields]).toEqual([
      [1, 5],
      [4, 'x'],
      [3, 7],
    ]);
  });

  it("leaves out a pv0 field decoded as empty, also one that repeats a field's earlier value", () => {
    const empty = encodePson(undefined, 0);
    const m = decodeBody(
      8,
      body(0x08, 5, 0x19, encodePson(1, 0), 0x21, encodePson('x', 0), 0x19, empty, 0x11, empty),
      0,
    );
    expect([...m.fields]).toEqual([
      [1, 5],
      [4, 'x'],
    ]);
  });
});

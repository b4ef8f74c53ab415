/**
 * Checks one golden vector (format of shared/spec/vectors/*.json) four ways: decode (no bytes
 * left), encode (same hex, unless `decode_only`), round trip, and incremental input (messages
 * fed to the FrameParser one byte at a time; values checked to reject every truncated prefix).
 * Shared by the test suite and `iotmp vectors`, so both judge conformance the same way.
 */
import { first, present } from '../contract/present';
import {
  FrameParser,
  bytesToHex,
  decodeBody,
  decodeFrame,
  decodePson,
  decodeVarint,
  encodeFrame,
  encodePson,
  encodeVarint,
  hexToBytes,
  isCodecError,
  messageFromJson,
  messageToJson,
  psonFromJson,
  psonToJson,
  type Json,
  type Message,
  type ProtocolVersion,
  type RawFrame,
} from '../protocol';

export interface Vector {
  name: string;
  kind: 'varint' | 'pson' | 'message';
  hex: string;
  pv?: ProtocolVersion;
  value?: Json;
  decoded?: Json;
  type?: string;
  type_id?: number;
  fields?: { [name: string]: Json };
  field_order?: number[];
  error?: boolean;
  decode_only?: boolean;
  linux_hex?: string;
  note?: string;
}

export type CheckName = 'decode' | 'encode' | 'roundtrip' | 'incremental';

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** Why it failed, or what was skipped. */
  detail?: string;
}

/** A well-formed vector object, or a sentence saying what is wrong with it. */
export function validateVector(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  if (typeof o.name !== 'string') return 'no "name"';
  if (o.kind !== 'varint' && o.kind !== 'pson' && o.kind !== 'message')
    return `unknown kind ${JSON.stringify(o.kind)}`;
  if (typeof o.hex !== 'string') return 'no "hex"';
  if (o.kind !== 'varint' && o.pv !== 0 && o.pv !== 1) return '"pv" must be 0 or 1';
  if (!o.error && o.kind !== 'message' && !('value' in o)) return 'no "value"';
  if (!o.error && o.kind === 'message' && typeof o.fields !== 'object') return 'no "fields"';
  return null;
}

/** Compares JSON values, ignoring object key order (maps carry no order meaning, §4.7). */
export function sameJson(a: Json, b: Json): boolean {
  return canonical(a) === canonical(b);
}

function canonical(j: Json): string {
  if (j === null || typeof j !== 'object') return JSON.stringify(j);
  if (Array.isArray(j)) return `[${j.map(canonical).join(',')}]`;
  return `{${Object.entries(j)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
    .join(',')}}`;
}

export function checkVector(v: Vector): CheckResult[] {
  switch (v.kind) {
    case 'varint':
      return checkValue(
        v,
        (b) => decodeVarint(b),
        (x) => encodeVarint(x as number | bigint),
      );
    case 'pson': {
      const pv = v.pv ?? 1;
      return checkValue(
        v,
        (b) => decodePson(b, pv),
        (x) => encodePson(x, pv),
      );
    }
    case 'message':
      return checkMessage(v);
  }
}

function run(check: CheckName, fn: () => string | null): CheckResult {
  try {
    const problem = fn();
    return problem === null ? { check, ok: true } : { check, ok: false, detail: problem };
  } catch (e) {
    return { check, ok: false, detail: `threw ${describeError(e)}` };
  }
}

function describeError(e: unknown): string {
  return isCodecError(e) ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs `fn`, expecting a typed codec error; returns a problem sentence otherwise. */
function expectCodecError(what: string, fn: () => unknown): string | null {
  try {
    const got = fn();
    return `${what} was accepted (got ${JSON.stringify(toJsonSafe(got))})`;
  } catch (e) {
    return isCodecError(e) ? null : `${what} threw a non-codec error: ${describeError(e)}`;
  }
}

function toJsonSafe(x: unknown): Json {
  try {
    if (x && typeof x === 'object' && 'fields' in x)
      return messageToJson(x as Message) as unknown as Json;
    return psonToJson(x as never);
  } catch {
    return String(x);
  }
}

const show = (j: Json): string => JSON.stringify(j);

function checkValue(
  v: Vector,
  decode: (b: Uint8Array) => unknown,
  encode: (x: ReturnType<typeof psonFromJson>) => Uint8Array,
): CheckResult[] {
  const bytes = hexToBytes(v.hex);
  if (v.error) {
    return [
      run('decode', () => expectCodecError('invalid input', () => decode(bytes))),
      skipped('encode', 'error vector'),
      skipped('roundtrip', 'error vector'),
      run('incremental', () => everyPrefixRejected(bytes, decode)),
    ];
  }
  const given = v.value;
  if (given === undefined) throw new Error(`vector ${v.name} has no value`);
  const value = psonFromJson(given);
  const expected = v.decoded !== undefined ? v.decoded : given;
  return [
    run('decode', () => {
      const got = psonToJson(decode(bytes) as never);
      if (!sameJson(got, expected)) return `decoded ${show(got)}, expected ${show(expected)}`;
      if (v.linux_hex !== undefined) decode(hexToBytes(v.linux_hex));
      return null;
    }),
    v.decode_only
      ? skipped('encode', 'decode_only')
      : run('encode', () => {
          const hex = bytesToHex(encode(value));
          return hex === v.hex ? null : `encoded ${hex}, expected ${v.hex}`;
        }),
    run('roundtrip', () => {
      const back = psonToJson(decode(encode(value)) as never);
      if (!sameJson(back, expected)) return `value → bytes → value gave ${show(back)}`;
      if (v.decode_only) return null;
      const again = bytesToHex(encode(decode(bytes) as never));
      return again === v.hex ? null : `bytes → value → bytes gave ${again}`;
    }),
    run('incremental', () => everyPrefixRejected(bytes, decode)),
  ];
}

function skipped(check: CheckName, why: string): CheckResult {
  return { check, ok: true, detail: `skipped: ${why}` };
}

/** Every strict prefix of a value must be refused with a typed error (never accepted). */
function everyPrefixRejected(bytes: Uint8Array, decode: (b: Uint8Array) => unknown): string | null {
  for (let n = 0; n < bytes.length; n++) {
    const problem = expectCodecError(`the ${n}-byte prefix`, () => decode(bytes.subarray(0, n)));
    if (problem) return problem;
  }
  return null;
}

function checkMessage(v: Vector): CheckResult[] {
  const pv = v.pv ?? 1;
  const bytes = hexToBytes(v.hex);
  const decode = (b: Uint8Array): Message => decodeWhole(b, pv);
  if (v.error) {
    return [
      run('decode', () => expectCodecError('invalid message', () => decode(bytes))),
      skipped('encode', 'error vector'),
      skipped('roundtrip', 'error vector'),
      run('incremental', () =>
        expectCodecError('invalid message fed byte by byte', () => feedByteByByte(bytes, pv)),
      ),
    ];
  }
  const fields = present(v.fields, `vector ${v.name}: fields`);
  const expect = (m: Message): string | null => {
    const j = messageToJson(m);
    if (v.type !== undefined && j.type !== v.type) return `type ${j.type}, expected ${v.type}`;
    if (v.type_id !== undefined && j.type_id !== v.type_id)
      return `type_id ${j.type_id}, expected ${v.type_id}`;
    if (!sameJson(j.fields, fields)) return `fields ${show(j.fields)}, expected ${show(fields)}`;
    if (v.field_order && show(j.field_order) !== show(v.field_order)) {
      return `field order ${show(j.field_order)}, expected ${show(v.field_order)}`;
    }
    return null;
  };
  const fromVector = (): Message =>
    messageFromJson({
      type_id: present(v.type_id, `vector ${v.name}: type_id`),
      fields,
      ...(v.field_order ? { field_order: v.field_order } : {}),
    });
  return [
    run('decode', () => expect(decode(bytes))),
    v.decode_only
      ? skipped('encode', 'decode_only')
      : run('encode', () => {
          const hex = bytesToHex(encodeFrame(fromVector(), pv));
          return hex === v.hex ? null : `encoded ${hex}, expected ${v.hex}`;
        }),
    run('roundtrip', () => {
      const again = encodeFrame(decode(bytes), pv);
      if (!v.decode_only && bytesToHex(again) !== v.hex)
        return `bytes → message → bytes gave ${bytesToHex(again)}`;
      return expect(decode(again));
    }),
    run('incremental', () => expect(feedByteByByte(bytes, pv))),
  ];
}

/** Through the whole-frame decoder, so "no bytes left" is part of the check. */
function decodeWhole(bytes: Uint8Array, pv: ProtocolVersion): Message {
  return decodeFrame(bytes, pv);
}

/** Feeds the frame one byte at a time; exactly one frame must come out, equal to the input. */
function feedByteByByte(bytes: Uint8Array, pv: ProtocolVersion): Message {
  const frames: RawFrame[] = [];
  const parser = new FrameParser({
    onFrame: (f) => frames.push({ ...f, bytes: f.bytes.slice(), body: f.body.slice() }),
  });
  for (let i = 0; i < bytes.length; i++) parser.push(bytes.subarray(i, i + 1));
  if (frames.length !== 1 || parser.buffered !== 0) {
    throw new Error(`parser produced ${frames.length} frames and holds ${parser.buffered} bytes`);
  }
  const f = first(frames, 'frame');
  if (bytesToHex(f.bytes) !== bytesToHex(bytes))
    throw new Error('the frame differs from the input');
  return decodeBody(f.type, f.body, pv);
}

/**
 * Properties of the codec for property-based fuzzing (fast-check). The test suite runs them with
 * a bounded count; `npm run fuzz` runs a million cases. They state what must hold for any input:
 * values round-trip, and random or mutated bytes only ever produce the codec's typed errors
 * within the configured bounds (IOTMP.md §4.9, §10).
 */
import fc from 'fast-check';
import { at } from '../../contract/present';
import { sameJson } from '../checkVector';
import {
  FrameParser,
  IotmpCodecError,
  decodeBody,
  decodeFrame,
  decodePson,
  encodeFrame,
  encodePson,
  message,
  messageToJson,
  psonToJson,
  type Message,
  type ProtocolVersion,
  setMapEntry,
  type PsonMap,
  type PsonValue,
} from '../../protocol/index';

const MAX_BODY = 4096;

/** Runs `fn`; any error other than the codec's typed error is a failure of the property. */
function onlyCodecErrors(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof IotmpCodecError)) throw e;
  }
}

const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', '', 'fn', '0', '10'),
);

export const psonValue: fc.Arbitrary<PsonValue> = fc.letrec<{ value: PsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.bigInt({ min: -(1n << 64n) + 1n, max: (1n << 64n) - 1n }),
    fc.double(),
    fc.float(),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }).map((d) => d as PsonValue),
  ),
})).value;

const messageArb: fc.Arbitrary<Message> = fc
  .tuple(
    fc.integer({ min: 0, max: 127 }),
    fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 40 }), psonValue), {
      maxLength: 6,
      selector: ([n]) => n,
    }),
  )
  .map(([type, fields]) => message(type, fields));

/**
 * What a decoder returns for `v`: integral doubles beyond ±2^53 (but within int64) travel as
 * integers (§4.3) and come back as exact bigints (§4.10).
 */
function expectedAfterDecode(v: PsonValue): PsonValue {
  if (typeof v === 'number') {
    return Number.isInteger(v) && !Number.isSafeInteger(v) && v >= -(2 ** 63) && v < 2 ** 63
      ? BigInt(v)
      : v;
  }
  if (Array.isArray(v)) return v.map(expectedAfterDecode);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: PsonMap = {};
    for (const k of Object.keys(v)) setMapEntry(out, k, expectedAfterDecode(v[k]));
    return out;
  }
  return v;
}

const pv = fc.constantFrom<ProtocolVersion>(0, 1);

/** Splits `bytes` into chunks at random cut points. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

/** Flips, overwrites, inserts and deletes bytes of `bytes`. */
const mutation = fc.array(
  fc.tuple(
    fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate'),
    fc.nat(),
    fc.integer({ min: 0, max: 255 }),
  ),
  { minLength: 1, maxLength: 4 },
);

function mutate(bytes: Uint8Array, ops: [string, number, number][]): Uint8Array {
  const b = [...bytes];
  for (const [op, pos, value] of ops) {
    const i = b.length === 0 ? 0 : pos % b.length;
    if (op === 'flip' && b.length) b[i] = at(b, i) ^ (1 << (value % 8));
    else if (op === 'set' && b.length) b[i] = value;
    else if (op === 'insert') b.splice(i, 0, value);
    else if (op === 'delete') b.splice(i, 1);
    else if (op === 'truncate') b.length = i;
  }
  return Uint8Array.from(b);
}

function feed(chunks: Uint8Array[], maxBodySize: number): { frames: number; peak: number } {
  let frames = 0;
  let peak = 0;
  const parser = new FrameParser({ maxBodySize, onFrame: () => frames++ });
  for (const c of chunks) {
    parser.push(c);
    peak = Math.max(peak, parser.buffered);
  }
  return { frames, peak };
}

// Each property has its own argument tuple; runners only need to run them, hence `any` here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProperty = fc.IProperty<any>;

export const properties: Record<string, AnyProperty> = {
  'pv1 PSON values round-trip': fc.property(psonValue, (v) => {
    const back = decodePson(encodePson(v, 1), 1);
    if (!sameJson(psonToJson(back), psonToJson(expectedAfterDecode(v)))) {
      throw new Error(
        `round trip changed ${JSON.stringify(psonToJson(v))} into ${JSON.stringify(psonToJson(back))}`,
      );
    }
  }),

  // pv0 floats are lossy by design (binary32 whenever within 1e-5, §4.11), so what must hold is
  // that a decoded value survives the next round trip unchanged.
  'pv0 PSON values are stable after one round trip': fc.property(psonValue, (v) => {
    const once = decodePson(encodePson(v, 0), 0);
    const twice = decodePson(encodePson(once, 0), 0);
    if (!sameJson(psonToJson(once), psonToJson(twice))) {
      throw new Error(
        `pv0 round trip changed ${JSON.stringify(psonToJson(once))} into ${JSON.stringify(psonToJson(twice))}`,
      );
    }
  }),

  'messages round-trip through frames in both versions': fc.property(
    messageArb,
    pv,
    (m, version) => {
      // pv0: start from a decoded message, since legacy floats are lossy on the first pass.
      const start = version === 0 ? decodeFrame(encodeFrame(m, 0), 0) : m;
      const back = decodeFrame(encodeFrame(start, version), version);
      const a = messageToJson(
        message(
          start.type,
          [...start.fields].map(([n, v]) => [n, expectedAfterDecode(v)] as const),
        ),
      );
      const b = messageToJson(back);
      if (!sameJson(a as never, b as never)) {
        throw new Error(`message changed: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      }
    },
  ),

  'the frame parser yields the same frames however the stream is chunked': fc.property(
    fc.array(messageArb, { minLength: 1, maxLength: 5 }),
    fc.array(fc.nat(), { maxLength: 8 }),
    (messages, cuts) => {
      const frames = messages.map((m) => encodeFrame(m, 1).slice());
      const stream = Uint8Array.from(frames.flatMap((f) => [...f]));
      const fits = frames.every((f) => f.length <= MAX_BODY);
      if (!fits) return;
      const { frames: n, peak } = feed(chunked(stream, cuts), MAX_BODY);
      if (n !== frames.length) throw new Error(`${n} frames out of ${frames.length}`);
      if (peak > MAX_BODY + 10) throw new Error(`buffered ${peak} bytes`);
    },
  ),

  'random bytes only produce typed errors and bounded buffering': fc.property(
    fc.uint8Array({ maxLength: 200 }),
    pv,
    fc.array(fc.nat(), { maxLength: 6 }),
    (bytes, version, cuts) => {
      onlyCodecErrors(() => decodePson(bytes, version));
      onlyCodecErrors(() => decodeFrame(bytes, version, { maxBodySize: 64 }));
      onlyCodecErrors(() => decodeBody(6, bytes, version));
      onlyCodecErrors(() => {
        const { peak } = feed(chunked(bytes, cuts), 64);
        if (peak > 64 + 10) throw new Error(`buffered ${peak} bytes past the bound`);
      });
    },
  ),

  'mutated valid frames only produce typed errors': fc.property(
    messageArb,
    pv,
    mutation,
    (m, version, ops) => {
      const bytes = mutate(encodeFrame(m, version), ops);
      onlyCodecErrors(() => decodeFrame(bytes, version));
      onlyCodecErrors(() => decodeFrame(bytes, version === 0 ? 1 : 0));
      onlyCodecErrors(() => feed([bytes], MAX_BODY));
    },
  ),
};

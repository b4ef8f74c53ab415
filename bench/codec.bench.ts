/**
 * `npm run bench:codec`: PSON (pv1) encode and decode against msgpackr (standard MessagePack, no
 * record extension) and JSON.stringify/parse, on the same corpus in the same run:
 *   - vectors: every value of the shared pv1 PSON vectors;
 *   - describe: a describe-all answer of 20 resources plus describe-one answers (IOTMP.md §7.2);
 *   - samples: stream samples, small maps of sensor readings (§8.2).
 * Rounds alternate between codecs; the median round counts. Last line:
 * `RESULT decode_vs_msgpackr=<x> encode_vs_msgpackr=<x>` (> 1 means PSON is faster).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Packr } from 'msgpackr';
import {
  decodePson,
  encodePson,
  psonFromJson,
  psonToJson,
  type Json,
  type PsonValue,
} from '../src-main/protocol';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 400);

const here = fileURLToPath(import.meta.url);
const vectorsFile = resolve(here, '../../../shared/spec/vectors/pson_pv1.json');

function vectorValues(): PsonValue[] {
  const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8')) as {
    value?: Json;
    error?: boolean;
    decode_only?: boolean;
  }[];
  return vectors
    .filter((v) => !v.error && !v.decode_only && v.value !== undefined)
    .map((v) => psonFromJson(v.value!));
}

function describePayloads(): PsonValue[] {
  const api: Record<string, PsonValue> = {};
  const names = [
    'temperature',
    'humidity',
    'pressure',
    'co2',
    'battery',
    'rssi',
    'uptime',
    'version',
    'led',
    'relay',
    'fan_speed',
    'setpoint',
    'mode',
    'reboot',
    'calibrate',
    'gps',
    'accel',
    'heading',
    'door',
    'alarm',
  ];
  names.forEach((n, i) => (api[n] = { fn: (i % 4) + 1 }));
  return [
    api,
    {
      in: { cmd: '', mode: 'api', stdin: '', timeout: 30 },
      out: { retcode: 0, stderr: '', stdout: '' },
    },
    { in: { state: false } },
    { out: { lat: 40.4168, lon: -3.7038, alt: 667, fix: true, sats: 9 } },
  ];
}

function streamSamples(n: number): PsonValue[] {
  const out: PsonValue[] = [];
  let seed = 42;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    out.push(
      i % 3 === 0
        ? { celsius: Math.round((20 + rnd() * 5) * 100) / 100 }
        : {
            temperature: 20 + rnd() * 5,
            humidity: Math.round(40 + rnd() * 20),
            pressure: 1013.25 + rnd(),
            battery: 3.7,
            ok: true,
          },
    );
  }
  return out;
}

interface Codec {
  name: string;
  encode: (v: PsonValue) => unknown;
  decode: (b: never) => unknown;
}

const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const codecs: Codec[] = [
  { name: 'pson', encode: (v) => encodePson(v, 1), decode: (b: Uint8Array) => decodePson(b, 1) },
  { name: 'msgpackr', encode: (v) => packr.pack(v), decode: (b: Buffer) => packr.unpack(b) },
  {
    name: 'json',
    encode: (v) => JSON.stringify(psonToJson(v)),
    decode: (s: string) => JSON.parse(s),
  },
];

/** Values processed per second by `op` over `inputs`, for one timed round. */
function round(op: (x: never) => unknown, inputs: unknown[]): number {
  let n = 0;
  let sink = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ROUND_MS) {
    for (let i = 0; i < inputs.length; i++) {
      const r = op(inputs[i] as never);
      if (r === undefined) sink++;
    }
    n += inputs.length;
    now = performance.now();
  }
  if (sink < 0) console.log(sink);
  return (n / (now - start)) * 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(
  corpus: PsonValue[],
): Record<string, { encode: number; decode: number; bytes: number }> {
  const encoded = codecs.map((c) => corpus.map((v) => c.encode(v)));
  const rates = codecs.map(() => ({ encode: [] as number[], decode: [] as number[] }));
  for (let r = 0; r < ROUNDS + 1; r++) {
    codecs.forEach((c, i) => {
      const e = round(c.encode as (x: never) => unknown, corpus);
      const d = round(c.decode as (x: never) => unknown, encoded[i]!);
      if (r > 0) {
        // round 0 warms up the JIT
        rates[i]!.encode.push(e);
        rates[i]!.decode.push(d);
      }
    });
  }
  return Object.fromEntries(
    codecs.map((c, i) => [
      c.name,
      {
        encode: median(rates[i]!.encode),
        decode: median(rates[i]!.decode),
        bytes: encoded[i]!.reduce((s: number, b) => s + (b as { length: number }).length, 0),
      },
    ]),
  );
}

/** msgpackr cannot carry every PSON value (e.g. integers beyond int64's range): keep the ones both take. */
function bothCodecsTake(v: PsonValue): boolean {
  try {
    packr.unpack(packr.pack(v));
    return true;
  } catch {
    return false;
  }
}

const groups: [string, PsonValue[]][] = [
  ['vectors', vectorValues().filter(bothCodecsTake)],
  ['describe', describePayloads()],
  ['samples', streamSamples(200)],
];
const all: PsonValue[] = groups.flatMap(([, g]) => g);

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(12);
const ratio = (a: number, b: number): string => (a / b).toFixed(2);

console.log(
  `node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms per codec and direction, median shown`,
);
let overall: ReturnType<typeof measure> | undefined;
for (const [name, corpus] of [...groups, ['all', all] as [string, PsonValue[]]]) {
  const m = measure(corpus);
  console.log(
    `\n${name}: ${corpus.length} values; bytes pson=${m.pson!.bytes} msgpackr=${m.msgpackr!.bytes} json=${m.json!.bytes}`,
  );
  console.log(`  ${'codec'.padEnd(9)} ${'encode/s'.padStart(12)} ${'decode/s'.padStart(12)}`);
  for (const c of codecs)
    console.log(`  ${c.name.padEnd(9)} ${fmt(m[c.name]!.encode)} ${fmt(m[c.name]!.decode)}`);
  console.log(
    `  pson vs msgpackr: encode ${ratio(m.pson!.encode, m.msgpackr!.encode)}x, decode ${ratio(m.pson!.decode, m.msgpackr!.decode)}x;` +
      ` vs json: encode ${ratio(m.pson!.encode, m.json!.encode)}x, decode ${ratio(m.pson!.decode, m.json!.decode)}x`,
  );
  if (name === 'all') overall = m;
}
console.log(
  `RESULT decode_vs_msgpackr=${ratio(overall!.pson!.decode, overall!.msgpackr!.decode)} encode_vs_msgpackr=${ratio(overall!.pson!.encode, overall!.msgpackr!.encode)}`,
);

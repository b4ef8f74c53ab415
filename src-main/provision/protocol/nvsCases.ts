/**
 * NVS inputs for the golden tests (nvs.test.ts). Their images were built once by ESP-IDF's own
 * generator (esp-idf-nvs-partition-gen 0.2.0, commit 67113ed, from CSV files written with
 * `toCsv`) and their SHA-256 digests kept in the test: the generator needs Python packages this
 * project does not install, so the digests stand in for it.
 */
import type { NvsEntry } from './nvs';

export interface NvsCase {
  readonly name: string;
  readonly size: number;
  readonly entries: readonly NvsEntry[];
}

const str = (namespace: string, key: string, value: string): NvsEntry => ({
  namespace,
  key,
  value: { type: 'string', value },
});

/** Deterministic bytes that do not repeat within a page. */
export function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const NVS_CASES: readonly NvsCase[] = [
  {
    name: 'identity with Wi-Fi',
    size: 0x5000,
    entries: [
      str('iotmp', 'host', '127.0.0.1'),
      { namespace: 'iotmp', key: 'port', value: { type: 'u16', value: 25204 } },
      str('iotmp', 'user', 'plant'),
      str('iotmp', 'device', 'pump-7'),
      str('iotmp', 'credential', 'X9#tq!v2Lk8@pZr4'),
      str('iotmp', 'ssid', 'Roof Lab ✓'),
      str('iotmp', 'psk', 'correct horse battery'),
    ],
  },
  {
    name: 'every integer type at its limits',
    size: 0x3000,
    entries: [
      { namespace: 'ints', key: 'u8', value: { type: 'u8', value: 255 } },
      { namespace: 'ints', key: 'i8', value: { type: 'i8', value: -128 } },
      { namespace: 'ints', key: 'u16', value: { type: 'u16', value: 65535 } },
      { namespace: 'ints', key: 'i16', value: { type: 'i16', value: -32768 } },
      { namespace: 'ints', key: 'u32', value: { type: 'u32', value: 0xffffffff } },
      { namespace: 'ints', key: 'i32', value: { type: 'i32', value: -0x80000000 } },
      { namespace: 'ints', key: 'u64', value: { type: 'u64', value: 0xffffffffffffffffn } },
      { namespace: 'ints', key: 'i64', value: { type: 'i64', value: -0x8000000000000000n } },
      { namespace: 'other', key: 'zero', value: { type: 'u8', value: 0 } },
    ],
  },
  {
    name: 'many keys over several pages',
    size: 0x8000,
    entries: Array.from({ length: 300 }, (_, i): NvsEntry =>
      i % 3 === 2
        ? str('many', `s${i}`, `value number ${i} `.repeat((i % 7) + 1))
        : { namespace: 'many', key: `k${i}`, value: { type: 'u32', value: i * 1000003 } },
    ),
  },
  {
    name: 'strings that end at a page boundary',
    size: 0x4000,
    entries: [
      str('s', 'big1', 'a'.repeat(3000)),
      // 94 + 2 entries used: 30 entries left; this one needs exactly 30 (29 data + header).
      str('s', 'edge', 'b'.repeat(900)),
      // 3968 bytes with the NUL: 124 entries + header, the largest the generator writes (it
      // fails on a string that fills a whole page, which nvs_flash accepts: see nvs.test.ts).
      str('s', 'long', 'c'.repeat(3967)),
    ],
  },
  {
    name: 'a blob over three pages',
    size: 0x6000,
    entries: [
      str('blobs', 'before', 'x'),
      { namespace: 'blobs', key: 'fw', value: { type: 'blob', value: pattern(10000, 7) } },
      str('blobs', 'after', 'y'),
      { namespace: 'blobs', key: 'small', value: { type: 'blob', value: pattern(33, 9) } },
      {
        namespace: 'blobs',
        key: 'fill',
        value: { type: 'blob', value: pattern(125 * 32 - 32 * 3, 11) },
      },
    ],
  },
];

/**
 * The case as ESP-IDF's CSV input (namespace rows where the namespace changes): how the golden
 * images were made, kept to make them again.
 * @public
 */
export function toCsv(c: NvsCase): string {
  const lines = ['key,type,encoding,value'];
  let ns: string | null = null;
  for (const e of c.entries) {
    if (e.namespace !== ns) {
      lines.push(`${e.namespace},namespace,,`);
      ns = e.namespace;
    }
    const v = e.value;
    if (v.type === 'blob') {
      lines.push(
        `${e.key},data,hex2bin,${Array.from(v.value, (b) => b.toString(16).padStart(2, '0')).join('')}`,
      );
    } else if (v.type === 'string') {
      lines.push(`${e.key},data,string,"${v.value.replace(/"/g, '""')}"`);
    } else {
      lines.push(`${e.key},data,${v.type},${v.value.toString()}`);
    }
  }
  return lines.join('\n') + '\n';
}

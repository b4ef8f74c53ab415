/**
 * The NVS builder against ESP-IDF's generator (golden digests of its output for the same input)
 * and against the virtual ESP's NVS reader (../shared/tools/virtual-esp/lib/vesp/nvs.py), which
 * checks every header, entry and data CRC as nvs_flash does.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VESP_FIXTURES } from '../../flash/testing/vesp';
import { dumpNvs, type NvsDump } from '../testing/nvsDump';
import { buildNvsPartition, NVS_PAGE_BYTES, type NvsEntry } from './nvs';
import { NVS_CASES, pattern } from './nvsCases';
import { isProvisionError } from './ProvisionError';

const dir = mkdtempSync(join(tmpdir(), 'nvs-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

let n = 0;
async function readBack(image: Uint8Array): Promise<NvsDump> {
  const file = join(dir, `image-${n++}.bin`);
  writeFileSync(file, image);
  return dumpNvs(file);
}

function expectedDump(entries: readonly NvsEntry[]): NvsDump['namespaces'] {
  const out: NvsDump['namespaces'] = {};
  for (const e of entries) {
    const v = e.value;
    (out[e.namespace] ??= {})[e.key] = {
      type: v.type,
      value:
        v.type === 'blob' ? hex(v.value) : typeof v.value === 'bigint' ? Number(v.value) : v.value,
    };
  }
  return out;
}

/** SHA-256 of ESP-IDF's generator output for each NVS_CASES input (see nvsCases.ts). */
const GENERATOR_DIGESTS: Record<string, string> = {
  'identity with Wi-Fi': 'ab2fded82184a839647c506e6681d4e2086de15716259dd50ac40a299ba0faf1',
  'every integer type at its limits':
    '5be3c6e4e52bed15ab4c33be17867c0bc3b4ca59b6e49b98cedd74d0ec50da28',
  'many keys over several pages':
    'd96af3b95d62215b7f179c360b8a50640d2b1fe29df8444d4603ecbb0f70308d',
  'strings that end at a page boundary':
    'ef8d77b8db5f12e9aec0eb959b4fa98708b77493ae60e3360bcb6890503019c7',
  'a blob over three pages': '2d0fc1da2e5b4d34d5072f022febb3a0840a1024659de64d82d39a80f4e6506a',
};

describe('NVS partition images', () => {
  it('equal the virtual ESP fixture built by ESP-IDF for the same CSV (nvs-sample.bin)', () => {
    const image = buildNvsPartition(
      [
        { namespace: 'iotmp', key: 'host', value: { type: 'string', value: '127.0.0.1' } },
        { namespace: 'iotmp', key: 'port', value: { type: 'u16', value: 35204 } },
        { namespace: 'iotmp', key: 'user', value: { type: 'string', value: 'vesp' } },
        { namespace: 'iotmp', key: 'device', value: { type: 'string', value: 'esp1' } },
        {
          namespace: 'iotmp',
          key: 'credential',
          value: { type: 'string', value: 'sample-credential-0123' },
        },
      ],
      0x6000,
    );
    expect(hex(image)).toBe(hex(readFileSync(join(VESP_FIXTURES, 'nvs-sample.bin'))));
  });

  for (const c of NVS_CASES) {
    it(`${c.name}: byte for byte what ESP-IDF's generator writes, and read back intact`, async () => {
      const image = buildNvsPartition(c.entries, c.size);
      expect(image.length).toBe(c.size);
      expect(sha256(image)).toBe(GENERATOR_DIGESTS[c.name]);
      const dump = await readBack(image);
      expect(dump.problems).toEqual([]);
      expect(dump.namespaces).toEqual(expectedDump(c.entries));
    });
  }

  it('keeps the last page empty and marks filled pages FULL, the last used one ACTIVE', () => {
    const many = NVS_CASES.find((c) => c.name === 'many keys over several pages')!;
    const image = buildNvsPartition(many.entries, many.size);
    const view = new DataView(image.buffer);
    const states = Array.from({ length: many.size / NVS_PAGE_BYTES }, (_, p) =>
      view.getUint32(p * NVS_PAGE_BYTES, true).toString(16),
    );
    // FULL pages, one ACTIVE page, then uninitialised pages up to the reserved last one.
    expect(states.join(' ')).toMatch(/^(fffffffc )+fffffffe( ffffffff)+$/);
    expect(states.filter((s) => s === 'fffffffc').length).toBeGreaterThanOrEqual(2);
    expect(image.subarray(-NVS_PAGE_BYTES).every((b) => b === 0xff)).toBe(true);
  });

  it('a key written after another namespace goes back to its own namespace', async () => {
    // ESP-IDF's generator files such a key under the latest namespace instead (it indexes by the
    // namespace count); nvs_flash and this builder keep it where the input put it.
    const entries: NvsEntry[] = [
      { namespace: 'a', key: 'one', value: { type: 'u8', value: 1 } },
      { namespace: 'b', key: 'two', value: { type: 'u8', value: 2 } },
      { namespace: 'a', key: 'three', value: { type: 'u8', value: 3 } },
    ];
    const dump = await readBack(buildNvsPartition(entries, 0x3000));
    expect(dump.namespaces).toEqual(expectedDump(entries));
  });

  it('a string of 3999 bytes (the NVS maximum) fills a whole page', async () => {
    // The generator raises on this one; nvs_flash stores it (span 126).
    const entries: NvsEntry[] = [
      { namespace: 's', key: 'first', value: { type: 'string', value: 'x' } },
      { namespace: 's', key: 'max', value: { type: 'string', value: 'é'.repeat(1999) + 'z' } },
    ];
    const dump = await readBack(buildNvsPartition(entries, 0x3000));
    expect(dump.problems).toEqual([]);
    expect(dump.namespaces).toEqual(expectedDump(entries));
  });

  it('a blob of 20 kB spans six pages', async () => {
    const entries: NvsEntry[] = [
      { namespace: 'b', key: 'big', value: { type: 'blob', value: pattern(20000, 3) } },
    ];
    const dump = await readBack(buildNvsPartition(entries, 0x7000));
    expect(dump.problems).toEqual([]);
    expect(dump.namespaces).toEqual(expectedDump(entries));
  });

  const refused: [string, () => unknown, RegExp][] = [
    ['a size that is not whole pages', () => buildNvsPartition([], 0x3800), /multiple of 4096/],
    ['a partition below 3 pages', () => buildNvsPartition([], 0x2000), /at least 12288/],
    [
      'a key of 16 bytes',
      () =>
        buildNvsPartition(
          [{ namespace: 'n', key: 'sixteen-bytes-ab', value: { type: 'u8', value: 1 } }],
          0x3000,
        ),
      /key "sixteen-bytes-ab" must be 1 to 15 bytes/,
    ],
    [
      'an empty namespace',
      () =>
        buildNvsPartition([{ namespace: '', key: 'k', value: { type: 'u8', value: 1 } }], 0x3000),
      /namespace "" must be 1 to 15 bytes/,
    ],
    [
      'a u16 out of range',
      () =>
        buildNvsPartition(
          [{ namespace: 'n', key: 'p', value: { type: 'u16', value: 70000 } }],
          0x3000,
        ),
      /"p" is out of range for u16/,
    ],
    [
      'a fraction',
      () =>
        buildNvsPartition(
          [{ namespace: 'n', key: 'p', value: { type: 'i32', value: 1.5 } }],
          0x3000,
        ),
      /out of range for i32/,
    ],
    [
      'a string of 4000 bytes',
      () =>
        buildNvsPartition(
          [{ namespace: 'n', key: 's', value: { type: 'string', value: 'a'.repeat(4000) } }],
          0x3000,
        ),
      /at most 3999/,
    ],
    [
      'a NUL inside a string',
      () =>
        buildNvsPartition(
          [{ namespace: 'n', key: 's', value: { type: 'string', value: 'a\0b' } }],
          0x3000,
        ),
      /NUL/,
    ],
    [
      'the same key twice',
      () =>
        buildNvsPartition(
          [
            { namespace: 'n', key: 's', value: { type: 'u8', value: 1 } },
            { namespace: 'n', key: 's', value: { type: 'u8', value: 2 } },
          ],
          0x3000,
        ),
      /"n\/s" is given twice/,
    ],
    [
      'more than the partition holds',
      () =>
        buildNvsPartition(
          [{ namespace: 'n', key: 'b', value: { type: 'blob', value: new Uint8Array(9000) } }],
          0x3000,
        ),
      /do not fit in a 12288-byte NVS partition/,
    ],
  ];
  for (const [what, build, message] of refused) {
    it(`refuses ${what} with NVS_INVALID`, () => {
      let error: unknown;
      try {
        build();
      } catch (e) {
        error = e;
      }
      expect(isProvisionError(error) && error.code).toBe('NVS_INVALID');
      expect((error as Error).message).toMatch(message);
    });
  }
});

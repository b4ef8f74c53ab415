/**
 * The pure ESP pieces against the virtual ESP's fixtures and hand-made bytes: SLIP, responses,
 * image headers (chip, corrupt, truncated), partition tables, and where files go.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readFixture } from '../../testing/vesp';
import { checkPlanForBoard, planRegions } from './plan';
import { parseEspImage } from './image';
import { nvsPartition, parsePartitionTable } from './partitionTable';
import { parseResponse } from './packets';
import { SlipDecoder, slipEncode } from './slip';
import { crystalMhz, ESP_CHIPS, flashSizeFromId } from './chips';
import { blockAckTimeoutMs } from './loaderFlash';
import type { EspWriteRegion } from './loaderTypes';

const md5 = (d: Uint8Array) => new Uint8Array(createHash('md5').update(d).digest());
const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

describe('SLIP', () => {
  test('escapes C0 and DB and decodes them back, across split reads and noise', () => {
    const packet = Uint8Array.of(1, 0xc0, 2, 0xdb, 3);
    const wire = slipEncode(packet);
    expect(Array.from(wire)).toEqual([0xc0, 1, 0xdb, 0xdc, 2, 0xdb, 0xdd, 3, 0xc0]);
    const dec = new SlipDecoder(64);
    const frames: Uint8Array[] = [];
    for (const b of [...Array.from(new TextEncoder().encode('boot text\r\n')), ...wire]) {
      frames.push(...dec.push(Uint8Array.of(b)));
    }
    expect(frames.map((f) => Array.from(f))).toEqual([Array.from(packet)]);
  });

  test('a frame longer than the bound is dropped, the next one still decodes', () => {
    const dec = new SlipDecoder(8);
    const frames = dec.push(
      Uint8Array.from([...slipEncode(new Uint8Array(20)), ...slipEncode(Uint8Array.of(7))]),
    );
    expect(frames.map((f) => Array.from(f))).toEqual([[7]]);
    expect(dec.dropped).toBe(1);
  });
});

describe('responses', () => {
  test('ROM status is status, error (+2); stub status is error, 0', () => {
    const rom = Uint8Array.of(1, 0x0a, 4, 0, 0x83, 0x1d, 0xf0, 0, 0, 0, 0, 0);
    expect(parseResponse(rom, 4, false)).toMatchObject({
      op: 0x0a,
      value: 0x00f01d83,
      failed: false,
    });
    const romFail = Uint8Array.of(1, 0x02, 4, 0, 0, 0, 0, 0, 1, 0x06, 0, 0);
    expect(parseResponse(romFail, 4, false)).toMatchObject({ failed: true, error: 0x06 });
    const stubFail = Uint8Array.of(1, 0x11, 2, 0, 0, 0, 0, 0, 0xc1, 0);
    expect(parseResponse(stubFail, 2, true)).toMatchObject({ failed: true, error: 0xc1 });
    expect(parseResponse(Uint8Array.of(0, 8, 0, 0, 0, 0, 0, 0, 0, 0), 2, true)).toBeNull();
  });
});

describe('images', () => {
  test('each fixture names its chip and its app', () => {
    expect(parseEspImage(readFixture('esp32', 'hello.bin'), 'hello.bin', sha256)).toMatchObject({
      chip: 'esp32',
      hashAppended: true,
      app: { project: 'hello', version: '1.0.0' },
    });
    expect(parseEspImage(readFixture('esp32s3', 'hello.bin'), 'h', sha256).chip).toBe('esp32s3');
    expect(parseEspImage(readFixture('esp8266', 'hello.bin'), 'h', sha256).chip).toBe('esp8266');
    expect(parseEspImage(readFixture('esp32', 'bootloader.bin'), 'b', sha256).app).toBeNull();
  });

  test('a bad checksum, a bad hash, a truncated file and a non-image are refused', () => {
    expect(() =>
      parseEspImage(readFixture('esp32', 'corrupt-checksum.bin'), 'c.bin', sha256),
    ).toThrow(/c\.bin is damaged: checksum failed/);
    expect(() => parseEspImage(readFixture('esp32', 'corrupt-hash.bin'), 'h.bin', sha256)).toThrow(
      /SHA-256 does not match/,
    );
    const hello = readFixture('esp32', 'hello.bin');
    expect(() => parseEspImage(hello.subarray(0, 1000), 't.bin', sha256)).toThrow(
      /t\.bin is damaged: truncated/,
    );
    expect(() => parseEspImage(new TextEncoder().encode(':100000000C94'), 'x.hex')).toThrow(
      /x\.hex is not an ESP firmware image/,
    );
  });
});

describe('partition table', () => {
  test('the fixture table gives nvs at 0x9000 (0x6000 bytes) and checks its MD5', () => {
    const t = parsePartitionTable(readFixture('esp32', 'partitions.bin'), { md5 });
    expect(t.hasMd5).toBe(true);
    expect(nvsPartition(t)).toMatchObject({ offset: 0x9000, size: 0x6000, type: 1, subtype: 2 });
    expect(t.partitions.map((p) => p.label)).toEqual(['nvs', 'phy_init', 'factory']);
  });

  test('a damaged table does not parse', () => {
    const bad = readFixture('esp32', 'partitions.bin').slice();
    bad[0x25]! ^= 0xff; // phy_init's offset
    expect(() => parsePartitionTable(bad, { md5 })).toThrow(/partition table does not parse/);
    expect(() => parsePartitionTable(new Uint8Array(64).fill(0x12))).toThrow(/does not parse/);
    const table = readFixture('esp32', 'partitions.bin');
    expect(() => parsePartitionTable(table, { flashSize: 1048576 })).toThrow(
      expect.objectContaining({
        detail: 'partition "factory" ends at 0x200000, past the 1 MB flash',
      }),
    );
  });
});

describe('planning', () => {
  test('S3 export: bootloader at 0x0; ESP8266 image alone at 0x0', () => {
    const s3 = planRegions([
      { name: 'b.bootloader.bin', data: readFixture('esp32s3', 'bootloader.bin') },
      { name: 'p.partitions.bin', data: readFixture('esp32s3', 'partitions.bin') },
      { name: 'firmware.bin', data: readFixture('esp32s3', 'hello.bin') },
    ]);
    expect(s3.regions.map((r) => r.offset)).toEqual([0, 0x8000, 0x10000]);
    expect(s3.appName).toBe('hello 1.0.0');
    const e8266 = planRegions([
      { name: 'firmware.bin', data: readFixture('esp8266', 'hello.bin') },
    ]);
    expect(e8266.regions[0]).toMatchObject({ offset: 0, role: 'app' });
    expect(e8266.chip).toBe('esp8266');
  });

  test('mixed chips, overlaps, unknown data without offset, and too-big images are refused', () => {
    expect(() =>
      planRegions([
        { name: 'a.bin', data: readFixture('esp32', 'hello.bin') },
        { name: 'b.bootloader.bin', data: readFixture('esp32s3', 'bootloader.bin') },
      ]),
    ).toThrow(/different chips/);
    expect(() =>
      planRegions([
        { name: 'a.bin', data: readFixture('esp32', 'hello.bin'), offset: 0x10000 },
        { name: 'b.bin', data: readFixture('esp32', 'hello-v2.bin'), offset: 0x10000 },
      ]),
    ).toThrow(/overlaps/);
    expect(() => planRegions([{ name: 'data.bin', data: new Uint8Array(16) }])).toThrow(
      /say at which offset/,
    );
    const plan = planRegions([{ name: 'big.bin', data: readFixture('esp32', 'bench-1mb.bin') }]);
    expect(() => checkPlanForBoard(plan, 'esp32', 1048576)).toThrow(/past this board's 1 MB flash/);
    expect(() => checkPlanForBoard(plan, 'esp8266', null)).toThrow(
      /built for ESP32, this board is an ESP8266/,
    );
  });
});

describe('chip facts', () => {
  test('crystal from the UART divider, flash size from the JEDEC id', () => {
    expect(crystalMhz(ESP_CHIPS.esp32, Math.round(40e6 / 115200), 115200)).toBe(40);
    expect(crystalMhz(ESP_CHIPS.esp8266, Math.round((26e6 * 2) / 115200), 115200)).toBe(26);
    expect(flashSizeFromId(0x1640ef)).toBe(4 * 1048576);
    expect(flashSizeFromId(0)).toBeNull();
  });
});

describe('write block acknowledgement bound', () => {
  const region = (size: number, compressed: number): EspWriteRegion => ({
    name: 'r.bin',
    offset: 0x10000,
    size,
    compressed: new Uint8Array(compressed),
    md5: new Uint8Array(16),
  });

  test('incompressible data keeps the 10 s floor', () => {
    const r = region(1_048_576, 1_040_000);
    for (const seq of [0, 1, 63]) expect(blockAckTimeoutMs(r, seq)).toBe(10_000);
  });

  test('a block that inflates to megabytes of padding gets the time its write takes (FLASH_DEFL_DATA stall)', () => {
    // 4 MB of mostly padding deflated to 20 000 bytes: block 0 stands for ~3.4 MB of flash, and
    // block 1's answer waits until that is erased and written.
    const r = region(4 * 1_048_576, 20_000);
    const ratio = (4 * 1_048_576) / 20_000;
    const expected = 3000 + Math.ceil(((16_384 * ratio) / 1_048_576) * 40_000);
    expect(blockAckTimeoutMs(r, 0)).toBe(expected);
    expect(blockAckTimeoutMs(r, 1)).toBe(expected);
    expect(blockAckTimeoutMs(r, 1)).toBeGreaterThan(100_000);
  });
});

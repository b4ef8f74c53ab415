/**
 * Which AVR a file was built for, from the fixtures of ../shared/fixtures/firmware (avr-gcc 5.4,
 * avr-libc 2.0: Uno = atmega328p, Mega = atmega2560) and from crafted images.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MemoryMap from 'nrf-intel-hex';
import { afterAll, describe, expect, test } from 'vitest';
import { avrTargetFromVectors, avrTargetMismatch } from './avrTarget';
import { BOARDS } from './boards';
import { imageForBoard, parseElfFirmware, parseFirmware, type Firmware } from './firmware';
import { FlashError } from './FlashError';
import { targetFits } from './target';

const FW = fileURLToPath(new URL('../../../../shared/fixtures/firmware/', import.meta.url));
const hexOf = (p: string): Firmware => parseFirmware(readFileSync(`${FW}${p}`, 'utf8'));
const elfBytes = (p: string): Uint8Array => new Uint8Array(readFileSync(`${FW}build/${p}`));
const tmp = mkdtempSync(join(tmpdir(), 'avr-target-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const thrown = (f: () => unknown): FlashError => {
  try {
    f();
  } catch (e) {
    if (e instanceof FlashError) return e;
    throw e;
  }
  throw new Error('nothing thrown');
};

/** `jmp` to a byte address, as avr-gcc encodes it. */
const jmp = (byteAddress: number): number[] => {
  const k = byteAddress / 2;
  const w = 0x940c | ((k >> 16) & 1) | (((k >> 17) & 0x1f) << 4);
  return [w & 0xff, w >> 8, k & 0xff, (k >> 8) & 0xff];
};

const image = (vectors: number, extra: number[] = [], target = 0x200): Uint8Array =>
  Uint8Array.from([...Array.from({ length: vectors }, () => jmp(target)).flat(), ...extra]);

describe('the chip a firmware file was built for', () => {
  test.each([
    ['uno/hello.hex', 'atmega328p', 'ATmega328P (Uno, Nano)', '26 interrupt vectors'],
    ['uno/big.hex', 'atmega328p', 'ATmega328P (Uno, Nano)', '26 interrupt vectors'],
    ['mega2560/hello.hex', 'atmega2560', 'ATmega2560 (Mega 2560)', '57 interrupt vectors'],
    ['mega2560/big.hex', 'atmega2560', 'ATmega2560 (Mega 2560)', '57 interrupt vectors'],
  ])('%s: its vector table says %s', (file, chip, name, evidence) => {
    expect(hexOf(file).target).toMatchObject({
      family: 'avr',
      chip,
      name,
      source: 'avr-vector-table',
      evidence,
    });
  });

  test.each([
    ['uno/hello.elf', 'uno/hello.hex', 'atmega328p'],
    ['uno/big.elf', 'uno/big.hex', 'atmega328p'],
    ['mega2560/hello-v2.elf', 'mega2560/hello-v2.hex', 'atmega2560'],
    ['mega2560/big.elf', 'mega2560/big.hex', 'atmega2560'],
  ])('%s: the device-info note names %s, and the flash image is the .hex one', (elf, hex, chip) => {
    const fromElf = parseElfFirmware(elfBytes(elf));
    expect(fromElf.target).toEqual({
      family: 'avr',
      chip,
      name: chip === 'atmega2560' ? 'ATmega2560 (Mega 2560)' : 'ATmega328P (Uno, Nano)',
      chips: [chip],
      source: 'elf-device-info',
      evidence: `avr-gcc device-info note: ${chip}`,
    });
    const fromHex = hexOf(hex);
    const board = chip === 'atmega2560' ? BOARDS.mega2560 : BOARDS.uno;
    expect(fromElf).toMatchObject({ dataBytes: fromHex.dataBytes, start: 0, end: fromHex.end });
    expect(imageForBoard(fromElf, board).data).toEqual(imageForBoard(fromHex, board).data);
  });

  test('an ELF without the note falls back to its vector table', () => {
    const out = join(tmp, 'nonote.elf');
    execFileSync('avr-objcopy', [
      '--remove-section',
      '.note.gnu.avr.deviceinfo',
      `${FW}build/mega2560/hello.elf`,
      out,
    ]);
    expect(parseElfFirmware(new Uint8Array(readFileSync(out))).target).toMatchObject({
      chip: 'atmega2560',
      source: 'avr-vector-table',
    });
  });

  test("an ATmega2560's trampolines after its 57 vectors do not make the table longer", () => {
    expect(avrTargetFromVectors(image(57, [...jmp(0x3000), ...jmp(0x3100)]))?.chip).toBe(
      'atmega2560',
    );
  });

  test('code after a 26-vector table that starts with a jmp into the table is not a vector', () => {
    // Vector 27 would jump to 0x10: inside a 35-vector table, so the table is the 26-vector one.
    const bytes = image(26, [...Array.from({ length: 9 }, () => jmp(0x10)).flat()], 0x90);
    expect(avrTargetFromVectors(bytes)?.chips).toContain('atmega328p');
  });

  test('no target when the image does not start with a vector table', () => {
    expect(avrTargetFromVectors(image(10))).toBeNull();
    expect(avrTargetFromVectors(new Uint8Array(512).fill(0xff))).toBeNull();
    // A file that starts above 0 (a bootloader) says nothing either.
    const bootloader = new MemoryMap([[0x7e00, Uint8Array.from(image(26))]]).asHexString();
    expect(parseFirmware(bootloader).target).toBeNull();
  });

  test('a Mega file for an Uno: "built for ATmega2560 (Mega 2560), this board is an Uno"', () => {
    const e = avrTargetMismatch(hexOf('mega2560/hello.hex').target, BOARDS.uno)!;
    expect(e.code).toBe('WRONG_CHIP');
    expect(e.message).toMatch(/^built for ATmega2560 \(Mega 2560\), this board is an Uno:/);
    expect(e.message).toMatch(/Nothing was written$/);
    expect(e.detail).toBe('57 interrupt vectors; board uno has an ATmega328P');
    expect(
      avrTargetMismatch(parseElfFirmware(elfBytes('uno/hello.elf')).target, BOARDS.mega2560)
        ?.message,
    ).toMatch(/^built for ATmega328P \(Uno, Nano\), this board is a Mega 2560:/);
  });

  test('a matching or unknown target is no mismatch; the Nano takes Uno files', () => {
    const uno = hexOf('uno/hello.hex').target!;
    expect(avrTargetMismatch(uno, BOARDS.uno)).toBeNull();
    expect(avrTargetMismatch(uno, BOARDS.nano)).toBeNull();
    expect(avrTargetMismatch(uno, BOARDS['nano-old'])).toBeNull();
    expect(avrTargetMismatch(null, BOARDS.mega2560)).toBeNull();
    expect(targetFits(uno, 'ATmega328P')).toBe(true);
    expect(targetFits(uno, 'ATmega2560')).toBe(false);
  });

  test('an ELF built for another architecture is refused, naming it', () => {
    const bytes = elfBytes('uno/hello.elf').slice();
    bytes[18] = 94; // e_machine: Xtensa
    const e = thrown(() => parseElfFirmware(bytes));
    expect(e.code).toBe('WRONG_CHIP');
    expect(e.message).toMatch(/^the ELF file was built for Xtensa \(ESP32, ESP32-S3, ESP8266\)/);
  });

  test.each([
    ['cut short', (b: Uint8Array) => b.subarray(0, 40), /the header is cut short/],
    ['truncated', (b: Uint8Array) => b.subarray(0, 200), /runs past the end of the file/],
    [
      '64-bit',
      (b: Uint8Array) => {
        const c = b.slice();
        c[4] = 2;
        return c;
      },
      /not a 32-bit ELF file/,
    ],
  ])('a damaged ELF (%s) is IMAGE_INVALID', (_what, damage, message) => {
    const e = thrown(() => parseElfFirmware(damage(elfBytes('uno/big.elf'))));
    expect(e.code).toBe('IMAGE_INVALID');
    expect(e.message).toMatch(message);
  });
});

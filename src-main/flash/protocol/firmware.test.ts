import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MemoryMap from 'nrf-intel-hex';
import { describe, expect, test } from 'vitest';
import { BOARDS } from './boards';
import { flashToHex, imageForBoard, parseFirmware } from './firmware';
import { FlashError } from './FlashError';

const FW = fileURLToPath(new URL('../../../../shared/fixtures/firmware/', import.meta.url));
const fixture = (p: string) => readFileSync(`${FW}${p}`, 'utf8');

const hexAt = (address: number, bytes: number[]) =>
  new MemoryMap([[address, Uint8Array.from(bytes)]]).asHexString();

const hexError = (text: string): FlashError => {
  try {
    parseFirmware(text);
  } catch (e) {
    if (e instanceof FlashError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('Intel HEX firmware', () => {
  test.each([
    ['uno/hello.hex', 284],
    ['uno/hello-v2.hex', 284],
    ['uno/big.hex', 25326],
    ['mega2560/hello.hex', 412],
    ['mega2560/big.hex', 25458],
  ])('%s holds %i bytes from address 0', (file, bytes) => {
    const fw = parseFirmware(fixture(file));
    expect(fw).toMatchObject({ dataBytes: bytes, start: 0, end: bytes });
  });

  test('the image is page-aligned and padded with 0xFF', () => {
    const fw = parseFirmware(fixture('uno/big.hex'));
    const img = imageForBoard(fw, BOARDS.uno);
    expect(img.address).toBe(0);
    expect(img.data.length).toBe(25344); // 198 pages of 128
    expect(img.data.subarray(25326).every((b) => b === 0xff)).toBe(true);
    expect(
      imageForBoard(parseFirmware(fixture('mega2560/big.hex')), BOARDS.mega2560).data.length,
    ).toBe(25600);
  });

  test('an image starting high: STK500v1 starts at its first page, STK500v2 at page 0', () => {
    const fw = parseFirmware(hexAt(0x210, [1, 2]));
    expect(imageForBoard(fw, BOARDS.uno)).toMatchObject({ address: 0x200 });
    expect(imageForBoard(fw, BOARDS.uno).data.length).toBe(128);
    expect(imageForBoard(fw, BOARDS.mega2560)).toMatchObject({ address: 0 });
    expect(imageForBoard(fw, BOARDS.mega2560).data.length).toBe(0x300);
  });

  test('a bad checksum names its line: "line 212 has a bad checksum"', () => {
    const lines = fixture('uno/big.hex').split('\r\n');
    lines[211] = lines[211]!.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const e = hexError(lines.join('\r\n'));
    expect(e).toMatchObject({ code: 'HEX_INVALID', line: 212 });
    expect(e.message).toBe(
      'the firmware file is damaged: line 212 has a bad checksum. Nothing was written',
    );
  });

  test('a line that is not a record, a truncated file, a text file', () => {
    const lines = fixture('uno/hello.hex').split('\r\n');
    const garbled = [...lines];
    garbled[3] = 'hello';
    expect(hexError(garbled.join('\n'))).toMatchObject({ line: 4 });
    expect(hexError(garbled.join('\n')).message).toMatch(/line 4 is not an Intel HEX record/);
    expect(hexError(lines.slice(0, 5).join('\n')).message).toMatch(/ends early/);
    expect(hexError('just some text').message).toMatch(/this is not an Intel HEX file/);
    expect(hexError(':00000001FF')).toMatchObject({ code: 'HEX_EMPTY' });
  });

  test('trailing blank lines are accepted', () => {
    expect(parseFirmware(fixture('uno/hello.hex') + '\r\n\r\n').dataBytes).toBe(284);
  });

  test('an image past flash minus bootloader is refused with both sizes', () => {
    const fw = parseFirmware(hexAt(0xfe00, [1, 2]));
    expect(() => imageForBoard(fw, BOARDS.uno)).toThrow(
      /reaches 65026 bytes but the Arduino Uno has 32256 bytes for programs/,
    );
    expect(imageForBoard(fw, BOARDS.mega2560).data.length).toBe(0xff00);
  });

  test('a backup written as .hex reads back to the same flash, erased tail dropped', () => {
    const flash = new Uint8Array(32256).fill(0xff);
    flash.set([1, 2, 3], 0);
    flash.set([0xff, 9], 1000);
    const fw = parseFirmware(flashToHex(flash));
    expect(fw.end).toBe(1002);
    const back = imageForBoard(fw, BOARDS.uno).data;
    expect(back.subarray(0, 1002)).toEqual(flash.subarray(0, 1002));
    expect(flashToHex(new Uint8Array(10).fill(0xff)).trim()).toBe(':00000001FF');
  });

  test('a Mega backup beyond 64 KiB round-trips through extended address records', () => {
    const flash = new Uint8Array(253952).fill(0xff);
    flash.set([0xde, 0xad], 0x1fffe);
    flash.set([0xbe, 0xef], 0x30000);
    const text = flashToHex(flash);
    expect(text).toMatch(/^:02000004000(1|2)/m);
    const img = imageForBoard(parseFirmware(text), BOARDS.mega2560);
    expect(img.data.length).toBe(0x30100);
    expect(Array.from(img.data.subarray(0x1fffe, 0x20000))).toEqual([0xde, 0xad]);
    expect(Array.from(img.data.subarray(0x30000, 0x30002))).toEqual([0xbe, 0xef]);
  });
});

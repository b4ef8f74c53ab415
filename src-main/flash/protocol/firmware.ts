/**
 * Intel HEX firmware → a page-aligned image for one board. Parsing is nrf-intel-hex's (record
 * checksums, lengths, record types, overlaps); this module turns its errors into a sentence naming
 * the line, and checks that the image fits below the board's bootloader. Everything here runs
 * before the port is opened, so a damaged file never touches the board.
 */
import MemoryMap from 'nrf-intel-hex';
import { first } from '../../contract/present';
import { avrTargetFromElf, avrTargetFromVectors, checkAvrMachine } from './avrTarget';
import { appCapacity, type BoardProfile } from './boards';
import { parseElf32 } from './elf';
import { FlashError, FlashErrorCode } from './FlashError';
import type { FirmwareTarget } from './target';

/** Largest .hex text accepted: a 256 KiB Mega image is ~720 KB of text; twice that is still sane. */
export const MAX_HEX_TEXT_CHARS = 2 * 1024 * 1024;

export interface Firmware {
  /** Data bytes by address, joined into contiguous blocks, ascending. */
  readonly blocks: ReadonlyMap<number, Uint8Array>;
  /** Number of data bytes in the file (what the UI shows as the firmware's size). */
  readonly dataBytes: number;
  /** Lowest and one past the highest address holding data. */
  readonly start: number;
  readonly end: number;
  /** The chip the file says it was built for; null when it does not say. */
  readonly target: FirmwareTarget | null;
}

/** What is written: one page-aligned run, gaps and the tail of the last page filled with 0xFF. */
export interface FlashImage {
  readonly address: number;
  readonly data: Uint8Array;
  /** Data bytes of the firmware (without padding). */
  readonly dataBytes: number;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
  }
  return line;
}

function lineOfRecord(text: string, record: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 58 /* ':' */ && ++seen === record) return lineOfOffset(text, i);
  }
  return lineOfOffset(text, text.length);
}

function hexError(text: string, raw: string): FlashError {
  const record = /record (\d+)/.exec(raw);
  const chars = /between characters (\d+) and/.exec(raw);
  const line = record
    ? lineOfRecord(text, Number(record[1]))
    : chars
      ? lineOfOffset(text, Number(chars[1]))
      : undefined;
  let what: string;
  if (/^Checksum failed/.test(raw)) what = `line ${line} has a bad checksum`;
  else if (/^Mismatched record length/.test(raw)) what = `line ${line} has the wrong length`;
  else if (/^Invalid record type/.test(raw)) what = `line ${line} has an unknown record type`;
  else if (/^(Duplicated|Overlapping) data/.test(raw))
    what = `line ${line} writes an address twice`;
  else if (/after an EOF record/.test(raw)) what = `line ${line} follows the end-of-file record`;
  else if (/^Malformed hex file: Could not parse/.test(raw))
    what = `line ${line} is not an Intel HEX record`;
  else if (/^No EOF record/.test(raw)) what = 'the file ends early (no end-of-file record)';
  else if (/could not parse any registers/.test(raw)) what = 'this is not an Intel HEX file';
  else what = `line ${line ?? '?'} is not valid`;
  return new FlashError(
    FlashErrorCode.HEX_INVALID,
    `the firmware file is damaged: ${what}. Nothing was written`,
    { detail: raw, line },
  );
}

/** Parses .hex text. Throws FlashError HEX_INVALID (with `line`) or HEX_EMPTY. */
export function parseFirmware(text: string): Firmware {
  if (text.length > MAX_HEX_TEXT_CHARS) {
    throw new FlashError(
      FlashErrorCode.HEX_INVALID,
      `the firmware file is too large to be an Arduino image (${text.length} characters)`,
      { detail: `limit ${MAX_HEX_TEXT_CHARS} characters` },
    );
  }
  // Trailing blank lines are common and harmless; the library counts them as data after EOF.
  const body = text.replace(/\s+$/, '');
  let map: MemoryMap;
  try {
    map = MemoryMap.fromHex(body);
  } catch (e) {
    throw hexError(body, e instanceof Error ? e.message : String(e));
  }
  let dataBytes = 0;
  let start = Infinity;
  let end = 0;
  for (const [addr, bytes] of map) {
    if (bytes.length === 0) continue;
    dataBytes += bytes.length;
    start = Math.min(start, addr);
    end = Math.max(end, addr + bytes.length);
  }
  if (dataBytes === 0) {
    throw new FlashError(FlashErrorCode.HEX_EMPTY, 'the firmware file holds no data', {
      detail: 'no data records',
    });
  }
  return { blocks: map, dataBytes, start, end, target: vectorTarget(map, start) };
}

/** Enough of the image's start to hold the longest vector table and what follows it. */
const VECTOR_PROBE_BYTES = 512;

function vectorTarget(map: MemoryMap, start: number): FirmwareTarget | null {
  return start === 0 ? avrTargetFromVectors(map.slicePad(0, VECTOR_PROBE_BYTES)) : null;
}

/** AVR data memory starts at 0x800000 in avr-gcc's address space; flash lies below it. */
const AVR_DATA_SPACE = 0x800000;

/**
 * An avr-gcc ELF → Firmware: the loadable segments that go to flash (by load address, so .data's
 * initial values are included, as avr-objcopy -O ihex does), and the chip from the device-info
 * note, else from the vector table. Throws IMAGE_INVALID for a damaged file, WRONG_CHIP for an
 * ELF that is not AVR code, HEX_EMPTY when nothing goes to flash.
 */
export function parseElfFirmware(bytes: Uint8Array): Firmware {
  const elf = parseElf32(bytes);
  checkAvrMachine(elf);
  const map = new MemoryMap();
  const segments = elf.loadSegments
    .filter((s) => s.data.length > 0 && s.paddr < AVR_DATA_SPACE)
    .sort((a, b) => a.paddr - b.paddr);
  let dataBytes = 0;
  let reached = 0;
  for (const s of segments) {
    if (s.paddr < reached) {
      throw new FlashError(
        FlashErrorCode.IMAGE_INVALID,
        'the ELF file is damaged: two segments write the same flash address. Nothing was written',
        { detail: `segment at 0x${s.paddr.toString(16)} overlaps 0x${reached.toString(16)}` },
      );
    }
    map.set(s.paddr, s.data);
    dataBytes += s.data.length;
    reached = s.paddr + s.data.length;
  }
  if (dataBytes === 0) {
    throw new FlashError(FlashErrorCode.HEX_EMPTY, 'the ELF file holds nothing for flash', {
      detail: 'no loadable segment below 0x800000',
    });
  }
  const joined = map.join();
  const start = first(segments, 'ELF segment').paddr;
  return {
    blocks: joined,
    dataBytes,
    start,
    end: reached,
    target: avrTargetFromElf(elf) ?? vectorTarget(joined, start),
  };
}

/**
 * The image written to `board`: from the first page holding data (page 0 for stk500v2, whose
 * bootloader erases pages in order from 0) to the last, 0xFF between blocks, so the flash ends up
 * exactly as the file says even where an earlier firmware left bytes. Throws IMAGE_TOO_LARGE.
 */
export function imageForBoard(fw: Firmware, board: BoardProfile): FlashImage {
  const capacity = appCapacity(board);
  if (fw.end > capacity) {
    throw new FlashError(
      FlashErrorCode.IMAGE_TOO_LARGE,
      `the firmware does not fit: it reaches ${fw.end} bytes but the ${board.name} has ${capacity} bytes for programs (flash minus bootloader)`,
      { detail: `end 0x${fw.end.toString(16)}, capacity 0x${capacity.toString(16)}` },
    );
  }
  const page = board.pageBytes;
  const first = board.protocol === 'stk500v2' ? 0 : Math.floor(fw.start / page) * page;
  const last = Math.ceil(fw.end / page) * page;
  const data = new Uint8Array(last - first).fill(0xff);
  for (const [addr, bytes] of fw.blocks) data.set(bytes, addr - first);
  return { address: first, data, dataBytes: fw.dataBytes };
}

/** Intel HEX text of a flash read-back, erased (0xFF) tail dropped; empty flash gives an EOF only. */
export function flashToHex(flash: Uint8Array, baseAddress = 0): string {
  let end = flash.length;
  while (end > 0 && flash[end - 1] === 0xff) end--;
  const map = new MemoryMap();
  if (end > 0) map.set(baseAddress, flash.subarray(0, end));
  return map.asHexString(16) + '\n';
}

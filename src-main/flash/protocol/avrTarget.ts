/**
 * Which AVR a firmware file was built for.
 *
 * - An ELF from avr-gcc (≥ 5 with avr-libc 2) carries `.note.gnu.avr.deviceinfo`: name "AVR",
 *   type 1, then flash/SRAM/EEPROM start and size (6 × u32), a string-offset table (its length
 *   in bytes, the length word included, then one u32 offset per string) and the string table,
 *   whose first string is the -mmcu name ("atmega2560").
 * - An Intel HEX file records no chip, but its interrupt vector table does: avr-libc's crt puts
 *   one `jmp` per vector at address 0, and the number of vectors is the chip's (ATmega328P 26,
 *   ATmega32U4 43, ATmega328PB 45, ATmega2560 57; datasheets, "Interrupt vectors"). Code after
 *   the table can also begin with `jmp` (the ATmega2560's trampolines do), so the table is the
 *   longest known length whose entries all jump past the table itself.
 */
import type { BoardProfile } from './boards';
import { EM_AVR, readNotes, type ElfFile } from './elf';
import { FlashError, FlashErrorCode } from './FlashError';
import type { FirmwareTarget } from './target';

interface AvrChipFacts {
  readonly boards?: string;
}

/** AVRs found on Arduino-compatible boards: the boards named next to the chip in messages. */
const KNOWN: Record<string, AvrChipFacts> = {
  atmega328p: { boards: 'Uno, Nano' },
  atmega328: {},
  atmega328pb: {},
  atmega168p: { boards: 'old Nano' },
  atmega168: { boards: 'Diecimila' },
  atmega2560: { boards: 'Mega 2560' },
  atmega1280: { boards: 'Mega 1280' },
  atmega32u4: { boards: 'Leonardo, Micro' },
  atmega1284p: {},
  atmega644p: {},
  atmega4809: { boards: 'Nano Every, Uno WiFi Rev2' },
};

/** Vector table lengths (4-byte `jmp` vectors) and the chips that have them, longest first. */
const VECTOR_TABLES: readonly { vectors: number; chips: readonly [string, ...string[]] }[] = [
  { vectors: 57, chips: ['atmega2560', 'atmega2561', 'atmega1280', 'atmega1281'] },
  { vectors: 45, chips: ['atmega328pb'] },
  { vectors: 43, chips: ['atmega32u4'] },
  { vectors: 35, chips: ['atmega1284p', 'atmega644p'] },
  { vectors: 26, chips: ['atmega328p', 'atmega328', 'atmega168p', 'atmega168'] },
];

/** "atmega2560" → "ATmega2560", "attiny85" → "ATtiny85". */
function avrChipName(mcu: string): string {
  const [, family, rest] = /^(atmega|attiny|atxmega|at90)(.*)$/.exec(mcu.toLowerCase()) ?? [];
  if (family === undefined || rest === undefined) return mcu;
  const prefix = { atmega: 'ATmega', attiny: 'ATtiny', atxmega: 'ATxmega', at90: 'AT90' }[
    family as 'atmega'
  ];
  return prefix + rest.toUpperCase();
}

/** "ATmega2560 (Mega 2560)" for a chip Arduino boards carry, else "ATmega8". */
function avrChipLabel(mcu: string): string {
  const boards = KNOWN[mcu.toLowerCase()]?.boards;
  return boards ? `${avrChipName(mcu)} (${boards})` : avrChipName(mcu);
}

const ELF_MACHINES: Record<number, string> = {
  3: 'x86',
  40: 'ARM',
  62: 'x86-64',
  94: 'Xtensa (ESP32, ESP32-S3, ESP8266)',
  183: 'ARM64',
  243: 'RISC-V (ESP32-C3, ESP32-C6, …)',
};

/** Refuses an ELF that is not AVR code: nothing of it could run on an Arduino AVR. */
export function checkAvrMachine(elf: ElfFile): void {
  if (elf.machine === EM_AVR) return;
  const arch = ELF_MACHINES[elf.machine] ?? `machine type ${elf.machine}`;
  throw new FlashError(
    FlashErrorCode.WRONG_CHIP,
    `the ELF file was built for ${arch}, not for an AVR board: choose the firmware built for this board. Nothing was written`,
    { detail: `e_machine ${elf.machine}` },
  );
}

/** The -mmcu avr-gcc recorded in the ELF, or null when the file has no device-info note. */
export function avrTargetFromElf(elf: ElfFile): FirmwareTarget | null {
  const section = elf.section('.note.gnu.avr.deviceinfo');
  if (!section) return null;
  const note = readNotes(section.data).find((n) => n.name === 'AVR' && n.type === 1);
  if (!note || note.desc.length < 32) return null;
  const v = new DataView(note.desc.buffer, note.desc.byteOffset, note.desc.byteLength);
  const tableBytes = v.getUint32(24, true);
  const strings = 24 + tableBytes;
  if (tableBytes < 8 || strings > note.desc.length) return null;
  const nameAt = strings + v.getUint32(28, true);
  let end = nameAt;
  while (end < note.desc.length && note.desc[end] !== 0) end++;
  const mcu = new TextDecoder().decode(note.desc.subarray(nameAt, end)).toLowerCase();
  if (!/^[a-z0-9]{2,32}$/.test(mcu)) return null;
  return {
    family: 'avr',
    chip: mcu,
    name: avrChipLabel(mcu),
    chips: [mcu],
    source: 'elf-device-info',
    evidence: `avr-gcc device-info note: ${mcu}`,
  };
}

/** `jmp k`: 1001 010k kkkk 110k + 16 bits of k; k is a word address. Null if not a jmp. */
function jmpTarget(flash: Uint8Array, at: number): number | null {
  if (at + 4 > flash.length) return null;
  const v = new DataView(flash.buffer, flash.byteOffset, flash.byteLength);
  const w = v.getUint16(at, true);
  if ((w & 0xfe0e) !== 0x940c) return null;
  const high = ((w >> 3) & 0x3e) | (w & 1);
  return (high * 0x10000 + v.getUint16(at + 2, true)) * 2;
}

/**
 * The chip family whose vector table starts `flash` (the image from address 0), or null when the
 * image does not start with one (a bootloader, a file built without avr-libc's start-up code).
 */
export function avrTargetFromVectors(flash: Uint8Array): FirmwareTarget | null {
  let run = 0;
  while (jmpTarget(flash, run * 4) !== null) run++;
  for (const { vectors, chips } of VECTOR_TABLES) {
    if (run < vectors) continue;
    let outside = true;
    for (let i = 0; i < vectors && outside; i++) {
      const target = jmpTarget(flash, i * 4);
      outside = target !== null && target >= vectors * 4;
    }
    if (!outside) continue;
    return {
      family: 'avr',
      chip: chips[0],
      name: avrChipLabel(chips[0]),
      chips,
      source: 'avr-vector-table',
      evidence: `${vectors} interrupt vectors`,
    };
  }
  return null;
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/**
 * WRONG_CHIP when `target` says the firmware was built for another chip than the board's, else
 * null. Checked before the port is touched: "built for ATmega2560 (Mega 2560), this board is an
 * Uno".
 */
export function avrTargetMismatch(
  target: FirmwareTarget | null | undefined,
  board: BoardProfile,
): FlashError | null {
  if (!target || target.chips.includes(board.mcu.toLowerCase())) return null;
  const short = board.name.replace(/^Arduino /, '');
  return new FlashError(
    FlashErrorCode.WRONG_CHIP,
    `built for ${target.name}, this board is ${article(short)}: choose the firmware built for the ${short}, or the board this file is for. Nothing was written`,
    { detail: `${target.evidence}; board ${board.id} has an ${board.mcu}` },
  );
}

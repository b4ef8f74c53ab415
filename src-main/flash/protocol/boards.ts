/**
 * The boards this flasher can program, and the AVR chips it can name from their signature.
 * A board profile is what the technician chooses for a port; the signature read from the chip is
 * checked against it before anything is written.
 */

type BootloaderProtocol = 'stk500v1' | 'stk500v2';

export interface BoardProfile {
  /** Stable id, also what is remembered per port serial number. */
  readonly id: string;
  readonly name: string;
  readonly mcu: string;
  readonly signature: readonly [number, number, number];
  readonly protocol: BootloaderProtocol;
  /** Bootloader baud rate (the port is opened at this rate for flashing). */
  readonly baudRate: number;
  /** Whole flash of the chip, bytes. */
  readonly flashBytes: number;
  /** Bytes at the top of flash taken by the bootloader; the application must end below it. */
  readonly bootloaderBytes: number;
  /** SPM page size, bytes: the unit of every write. */
  readonly pageBytes: number;
  /** Bytes asked for per read request during verify and backup. */
  readonly readChunkBytes: number;
}

const ATMEGA328P_SIGNATURE = [0x1e, 0x95, 0x0f] as const;

export const BOARDS = {
  uno: {
    id: 'uno',
    name: 'Arduino Uno',
    mcu: 'ATmega328P',
    signature: ATMEGA328P_SIGNATURE,
    protocol: 'stk500v1',
    baudRate: 115200,
    flashBytes: 32768,
    bootloaderBytes: 512, // Optiboot
    pageBytes: 128,
    // Optiboot reads the length's low byte into a uint8 and loops do/while(--len), so 256 is the
    // largest request it serves; fewer round trips make verify faster.
    readChunkBytes: 256,
  },
  nano: {
    id: 'nano',
    name: 'Arduino Nano',
    mcu: 'ATmega328P',
    signature: ATMEGA328P_SIGNATURE,
    protocol: 'stk500v1',
    baudRate: 115200,
    flashBytes: 32768,
    bootloaderBytes: 512, // Optiboot, shipped on Nanos since 2018
    pageBytes: 128,
    readChunkBytes: 256,
  },
  'nano-old': {
    id: 'nano-old',
    name: 'Arduino Nano (old bootloader)',
    mcu: 'ATmega328P',
    signature: ATMEGA328P_SIGNATURE,
    protocol: 'stk500v1',
    baudRate: 57600,
    flashBytes: 32768,
    bootloaderBytes: 2048, // ATmegaBOOT
    pageBytes: 128,
    readChunkBytes: 256,
  },
  mega2560: {
    id: 'mega2560',
    name: 'Arduino Mega 2560',
    mcu: 'ATmega2560',
    signature: [0x1e, 0x98, 0x01],
    protocol: 'stk500v2',
    baudRate: 115200,
    flashBytes: 262144,
    bootloaderBytes: 8192, // stk500boot_v2 at 0x3E000
    pageBytes: 256,
    // stk500boot_v2 answers in a 285-byte buffer: 256 data bytes + 3 status bytes fit.
    readChunkBytes: 256,
  },
} as const satisfies Record<string, BoardProfile>;

type BoardId = keyof typeof BOARDS;

export function boardById(id: string): BoardProfile | undefined {
  return Object.prototype.hasOwnProperty.call(BOARDS, id) ? BOARDS[id as BoardId] : undefined;
}

/** Application bytes available on the board: flash minus bootloader. */
export function appCapacity(board: BoardProfile): number {
  return board.flashBytes - board.bootloaderBytes;
}

/** AVR signatures seen on Arduino-compatible boards, to name a chip that is not the chosen one. */
const CHIPS: Record<string, { mcu: string; board?: string }> = {
  '1e950f': { mcu: 'ATmega328P', board: 'Uno or Nano' },
  '1e9514': { mcu: 'ATmega328' },
  '1e9516': { mcu: 'ATmega328PB' },
  '1e9406': { mcu: 'ATmega168' },
  '1e940b': { mcu: 'ATmega168P', board: 'old Nano or Diecimila' },
  '1e9307': { mcu: 'ATmega8' },
  '1e9801': { mcu: 'ATmega2560', board: 'Mega 2560' },
  '1e9703': { mcu: 'ATmega1280', board: 'Mega (1280)' },
  '1e9587': { mcu: 'ATmega32U4', board: 'Leonardo or Micro' },
  '1e9651': { mcu: 'ATmega4809', board: 'Nano Every or Uno WiFi Rev2' },
  '1e9705': { mcu: 'ATmega1284P' },
  '1e960a': { mcu: 'ATmega644P' },
};

export function signatureHex(sig: ArrayLike<number>): string {
  return Array.from(sig, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "ATmega2560 (Mega 2560)" for a known signature, else "an unknown chip (signature 1e…)". */
export function describeChip(sig: ArrayLike<number>): string {
  const hex = signatureHex(sig);
  const chip = CHIPS[hex];
  if (!chip) return `an unknown chip (signature 0x${hex})`;
  return chip.board ? `an ${chip.mcu} (${chip.board})` : `an ${chip.mcu}`;
}

export function signatureMatches(board: BoardProfile, sig: ArrayLike<number>): boolean {
  return sig.length === 3 && board.signature.every((b, i) => sig[i] === b);
}

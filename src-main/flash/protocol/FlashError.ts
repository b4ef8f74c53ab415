/**
 * Flashing failures: a stable `code` (logs, tests, the UI's "Details"), a sentence a technician
 * understands with the next step, and the raw detail for the log.
 */
export const FlashErrorCode = {
  /** The .hex file is malformed (bad checksum, bad record...): nothing was written. */
  HEX_INVALID: 'HEX_INVALID',
  /** The .hex file holds no data. */
  HEX_EMPTY: 'HEX_EMPTY',
  /** The image does not fit below the bootloader. */
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  /** Not a firmware image this board takes (not an ESP image, truncated, bad checksum or hash). */
  IMAGE_INVALID: 'IMAGE_INVALID',
  /** The image was built for another chip family than the board's. */
  WRONG_CHIP: 'WRONG_CHIP',
  /** Nothing answered the bootloader handshake within the sync bound. */
  NO_BOOTLOADER: 'NO_BOOTLOADER',
  /** The chip or bootloader on the port is not the chosen board's. */
  WRONG_BOARD: 'WRONG_BOARD',
  /** The bootloader answered something the protocol does not allow. */
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  /** The board stopped answering after a baud rate change: the USB-serial bridge cannot do it. */
  BAUD_FAILED: 'BAUD_FAILED',
  /** The bootloader answered at first, then stopped answering. */
  BOARD_STOPPED: 'BOARD_STOPPED',
  /** Read-back differs from the image. */
  VERIFY_FAILED: 'VERIFY_FAILED',
  /** The serial port went away (unplugged, board powered off) during the job. */
  PORT_LOST: 'PORT_LOST',
  /** The port could not be opened or is held by another owner. */
  PORT_UNAVAILABLE: 'PORT_UNAVAILABLE',
  /** The technician cancelled the job. */
  CANCELLED: 'CANCELLED',
  /** Reading or writing a file (firmware, backup) failed. */
  FILE_ERROR: 'FILE_ERROR',
} as const;

export type FlashErrorCode = (typeof FlashErrorCode)[keyof typeof FlashErrorCode];

export interface FlashErrorInit {
  /** Raw detail for the log ("reply 30 20 to GET_SYNC"). */
  detail?: string;
  /** Flash byte address, for verify failures. */
  address?: number;
  /** 1-based line of the .hex file, for HEX_INVALID. */
  line?: number;
  /** The job phase the error happened in. */
  phase?: string;
}

export class FlashError extends Error {
  readonly code: FlashErrorCode;
  readonly detail: string | undefined;
  readonly address: number | undefined;
  readonly line: number | undefined;
  phase: string | undefined;

  constructor(code: FlashErrorCode, message: string, init: FlashErrorInit = {}) {
    super(message);
    this.name = 'FlashError';
    this.code = code;
    this.detail = init.detail;
    this.address = init.address;
    this.line = init.line;
    this.phase = init.phase;
  }
}

export function isFlashError(e: unknown): e is FlashError {
  return e instanceof FlashError;
}

export const bytesHex = (bytes: ArrayLike<number>, max = 16): string => {
  const shown = Array.from(bytes).slice(0, max);
  const text = shown.map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${text} … (${bytes.length} bytes)` : text;
};

// Constructors for the errors a technician sees most, so wording stays the same everywhere.

export const noBootloader = (detail: string): FlashError =>
  new FlashError(
    FlashErrorCode.NO_BOOTLOADER,
    'board did not answer the bootloader: check the board type and the port',
    { detail },
  );

export const boardStopped = (detail: string): FlashError =>
  new FlashError(
    FlashErrorCode.BOARD_STOPPED,
    'board stopped answering: check the cable and power, then flash again',
    { detail },
  );

export const protocolError = (detail: string): FlashError =>
  new FlashError(
    FlashErrorCode.PROTOCOL_ERROR,
    'board gave an unexpected answer: check the board type, then flash again',
    { detail },
  );

export const verifyFailed = (address: number, expected: number, actual: number): FlashError =>
  new FlashError(
    FlashErrorCode.VERIFY_FAILED,
    `verify failed at ${`0x${address.toString(16)}`}: flash again; if it repeats the board may be faulty`,
    {
      address,
      detail: `expected 0x${expected.toString(16).padStart(2, '0')}, read 0x${actual.toString(16).padStart(2, '0')}`,
    },
  );

export const portLost = (phase: string | undefined, detail: string): FlashError =>
  new FlashError(
    FlashErrorCode.PORT_LOST,
    phase === 'writing'
      ? 'port disappeared during write: plug the board back in and flash again'
      : `port disappeared${phase ? ` during ${phase}` : ''}: plug the board back in and try again`,
    { detail, phase },
  );

export const cancelled = (phase: string | undefined): FlashError =>
  new FlashError(
    FlashErrorCode.CANCELLED,
    phase === 'writing'
      ? "cancelled during writing: the board's firmware is incomplete; flash it again before use"
      : `cancelled${phase ? ` during ${phase}` : ''}`,
    { phase },
  );

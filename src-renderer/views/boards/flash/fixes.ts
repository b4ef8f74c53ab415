/**
 * What a failed board's result offers besides its sentence.
 * - WRONG_BOARD names the chip found ("this is an ATmega2560 (Mega 2560), not an Arduino Uno…",
 *   "this board runs the Uno/Nano bootloader (Optiboot, an ATmega328P)…", "this is an ESP8266,
 *   not an ESP32…"): the board profile with that chip. When the job's firmware was built for that
 *   chip (or does not say), "Switch to Mega 2560 and retry"; when it was built for another chip,
 *   retrying would write the wrong image, so "Switch to Mega 2560 and choose its firmware".
 * - WRONG_CHIP (the file was built for another chip than the board's; nothing was touched):
 *   "Choose firmware for the Uno".
 * - An ESP board that never entered its download mode (NO_BOOTLOADER; the sentence says to hold
 *   BOOT and press RESET): "Retry" once the technician has done so.
 * - An ESP bridge that refused every fast rate (BAUD_FAILED): "Retry at 115 200 baud".
 */
import type { FirmwareTargetInfo, FlashBoardResult } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';

/** The ROM loader's own rate: a retry that never changes the baud. */
const ESP_SAFE_BAUD = 115200;

export type BoardFix =
  | { kind: 'switch-retry'; board: BoardProfile }
  | { kind: 'switch-choose'; board: BoardProfile }
  | { kind: 'choose-firmware'; board: BoardProfile }
  | { kind: 'retry'; board: BoardProfile }
  | { kind: 'retry-slower'; board: BoardProfile; baud: number };

/** "ESP32-S3" and "esp32s3", "ATmega328P" and "atmega328p" are the same chip. */
const chipKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const fitsChip = (target: FirmwareTargetInfo | null, board: BoardProfile): boolean =>
  !target || target.chips.includes(chipKey(board.mcu));

/** The fix for a failed board, or null. */
export function fixFor(
  result: FlashBoardResult | null,
  current: string,
  boards: readonly BoardProfile[],
  target: FirmwareTargetInfo | null,
): BoardFix | null {
  if (!result || result.ok) return null;
  const board = boards.find((b) => b.id === current);
  const code = result.error.code;
  if (code === 'WRONG_CHIP') return board ? { kind: 'choose-firmware', board } : null;
  if (board?.protocol === 'esp-rom') {
    if (code === 'NO_BOOTLOADER') return { kind: 'retry', board };
    if (code === 'BAUD_FAILED') return { kind: 'retry-slower', board, baud: ESP_SAFE_BAUD };
  }
  if (code !== 'WRONG_BOARD') return null;
  const chip = /\ban? (AT\w+|ESP[\w-]+)/i.exec(result.error.message)?.[1];
  if (!chip) return null;
  const other = boards.find((b) => chipKey(b.mcu) === chipKey(chip) && b.id !== current);
  if (!other) return null;
  return { kind: fitsChip(target, other) ? 'switch-retry' : 'switch-choose', board: other };
}

/** "Arduino Mega 2560" → "Mega 2560", as the fix sentence says it. */
export const shortBoardName = (name: string): string => name.replace(/^Arduino /, '');

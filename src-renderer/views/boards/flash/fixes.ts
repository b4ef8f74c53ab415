/**
 * What a failed board's result offers besides its sentence.
 * - WRONG_BOARD names the chip found ("this is an ATmega2560 (Mega 2560), not an Arduino Uno…"):
 *   the board profile with that chip. When the job's firmware was built for that chip (or does
 *   not say), "Switch to Mega 2560 and retry"; when it was built for another chip, retrying would
 *   write the wrong image, so "Switch to Mega 2560 and choose its firmware".
 * - WRONG_CHIP (the file was built for another chip than the board's; nothing was touched):
 *   "Choose firmware for the Uno".
 */
import type { FirmwareTargetInfo, FlashBoardResult } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';

export type BoardFix =
  | { kind: 'switch-retry'; board: BoardProfile }
  | { kind: 'switch-choose'; board: BoardProfile }
  | { kind: 'choose-firmware'; board: BoardProfile };

const fitsChip = (target: FirmwareTargetInfo | null, board: BoardProfile): boolean =>
  !target || target.chips.includes(board.mcu.toLowerCase());

/** The fix for a failed board, or null. */
export function fixFor(
  result: FlashBoardResult | null,
  current: string,
  boards: readonly BoardProfile[],
  target: FirmwareTargetInfo | null,
): BoardFix | null {
  if (!result || result.ok) return null;
  if (result.error.code === 'WRONG_CHIP') {
    const board = boards.find((b) => b.id === current);
    return board ? { kind: 'choose-firmware', board } : null;
  }
  if (result.error.code !== 'WRONG_BOARD') return null;
  const chip = /\ban? (AT\w+)/i.exec(result.error.message)?.[1]?.toLowerCase();
  if (!chip) return null;
  const board = boards.find((b) => b.mcu.toLowerCase() === chip && b.id !== current);
  if (!board) return null;
  return { kind: fitsChip(target, board) ? 'switch-retry' : 'switch-choose', board };
}

/** "Arduino Mega 2560" → "Mega 2560", as the fix sentence says it. */
export const shortBoardName = (name: string): string => name.replace(/^Arduino /, '');

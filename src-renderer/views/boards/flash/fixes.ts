/**
 * What a failed board's result offers besides its sentence. A WRONG_BOARD failure names the chip
 * it found ("this is an ATmega2560 (Mega 2560), not an Arduino Uno…"): the board profile with that
 * chip becomes "Switch to Mega 2560 and retry".
 */
import type { FlashBoardResult } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';

/** The profile to switch to after a WRONG_BOARD failure, or null. */
export function switchBoardFor(
  result: FlashBoardResult | null,
  current: string,
  boards: readonly BoardProfile[],
): BoardProfile | null {
  if (!result || result.ok || result.error.code !== 'WRONG_BOARD') return null;
  const chip = /\ban? (AT\w+)/i.exec(result.error.message)?.[1]?.toLowerCase();
  if (!chip) return null;
  return boards.find((b) => b.mcu.toLowerCase() === chip && b.id !== current) ?? null;
}

/** "Arduino Mega 2560" → "Mega 2560", as the fix sentence says it. */
export const shortBoardName = (name: string): string => name.replace(/^Arduino /, '');

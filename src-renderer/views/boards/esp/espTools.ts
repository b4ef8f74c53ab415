/**
 * The ESP flash tools' decisions, pure: which ESP family a port is, which backups belong to its
 * board, why a backup cannot go onto it, and what an erase region typed by hand means.
 */
import type { EspBackupInfo } from '@contract/espCalls';
import type { BoardId, BoardProfile, Port } from '@contract/serialSchemas';
import { messages } from '../../../messages';

export type EspTool = 'backup' | 'restore' | 'erase';

/** A flash sector: erases start and end on one. */
const SECTOR = 0x1000;

/** The ESP board a port is: the one chosen for it, else the chip read on it; null when neither. */
export function espFamilyOf(
  port: Pick<Port, 'board' | 'espChip'>,
  boards: readonly BoardProfile[],
): BoardId | null {
  const chosen = boards.find((b) => b.id === port.board);
  if (chosen?.protocol === 'esp-rom') return chosen.id;
  const read = boards.find((b) => b.id === port.espChip?.chip);
  return read?.protocol === 'esp-rom' ? read.id : null;
}

/** This board's backups (by MAC once the chip was read, else by serial number), then the rest. */
export function splitBackups(
  backups: readonly EspBackupInfo[],
  port: Pick<Port, 'espChip' | 'serialNumber'>,
): { mine: EspBackupInfo[]; others: EspBackupInfo[] } {
  const mac = port.espChip?.mac ?? null;
  const isMine = (b: EspBackupInfo) =>
    mac ? b.mac === mac : !!port.serialNumber && b.serialNumber === port.serialNumber;
  return { mine: backups.filter(isMine), others: backups.filter((b) => !isMine(b)) };
}

/** Why `backup` cannot go onto the port's board, as a sentence; null when it can. */
export function restoreRefusal(
  backup: EspBackupInfo,
  family: BoardId | null,
  boardName: string,
  flashSize: number | null,
): string | null {
  const t = messages.espTools;
  if (family && backup.chip !== family) return t.otherChip(backup.chipName, boardName);
  if (flashSize !== null && backup.flashSize > flashSize)
    return t.tooLarge(t.mb(backup.flashSize), t.mb(flashSize));
  return null;
}

/** `0x10000`, `65536`: a byte count or offset as typed; null when it is not one. */
export function parseFlashNumber(text: string): number | null {
  const s = text.trim().replace(/_/g, '');
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16);
  if (/^\d+$/.test(s)) return Number(s);
  return null;
}

const hexOf = (n: number): string => `0x${n.toString(16)}`;

/** An erase region typed by hand: the region, or the sentence that says what is wrong. */
export function checkRegion(
  offsetText: string,
  lengthText: string,
  flashSize: number | null,
): { region: { offset: number; length: number } } | { problem: string } {
  const t = messages.espTools;
  const offset = parseFlashNumber(offsetText);
  const length = parseFlashNumber(lengthText);
  if (offset === null) return { problem: t.notNumber(t.offset) };
  if (length === null) return { problem: t.notNumber(t.length) };
  if (offset % SECTOR) return { problem: t.notAligned(t.offset) };
  if (length === 0) return { problem: t.zeroLength };
  if (length % SECTOR) return { problem: t.notAligned(t.length) };
  if (flashSize !== null && offset + length > flashSize)
    return { problem: t.pastEnd(hexOf(offset + length), t.mb(flashSize)) };
  return { region: { offset, length } };
}

/** What Erase… does: the whole flash, or a region on sectors. */
export type EraseChoice = 'all' | { offset: number; length: number };

/** The erase form's choice, or null while the typed region is not one (the problem is shown). */
export function eraseChoiceOf(
  whole: boolean,
  offsetText: string,
  lengthText: string,
  flashSize: number | null,
): { choice: EraseChoice | null; problem: string | null } {
  if (whole) return { choice: 'all', problem: null };
  const checked = checkRegion(offsetText, lengthText, flashSize);
  return 'region' in checked
    ? { choice: checked.region, problem: null }
    : { choice: null, problem: checked.problem };
}

/** The confirmation that names the board and what is lost. */
export function eraseConfirmation(choice: EraseChoice, boardOn: string): string {
  const t = messages.espTools;
  return choice === 'all'
    ? t.confirmEraseAll(boardOn)
    : t.confirmEraseRegion(hexOf(choice.offset), hexOf(choice.offset + choice.length), boardOn);
}

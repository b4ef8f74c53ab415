/**
 * Restore…'s choice, pure: a backup chosen in a table (only one that can go onto the board), or
 * a backup file elsewhere on the machine typed as an absolute path.
 */
import type { EspBackupInfo } from '@contract/espCalls';
import { dateTime } from '../../../format/time';
import { messages } from '../../../messages';

/** A file elsewhere must be an absolute path (POSIX or Windows) to a `.bin` or its `.json`. */
const ELSEWHERE_PATH = /^(\/|[A-Za-z]:[\\/]).*\.(bin|json)$/;

/** What is wrong with a path typed for a backup elsewhere; null when it is fine or empty. */
export function elsewhereProblem(path: string): string | null {
  const other = path.trim();
  return other && !ELSEWHERE_PATH.test(other) ? messages.espTools.elsewhereInvalid : null;
}

/** The file Restore… would write and how the confirmation names it; null until there is one. */
export function restorePick(
  elsewhere: string,
  chosen: EspBackupInfo | null,
  refusal: (b: EspBackupInfo) => string | null,
): { file: string; what: string } | null {
  const other = elsewhere.trim();
  if (other) return elsewhereProblem(other) ? null : { file: other, what: other };
  if (!chosen || refusal(chosen) !== null) return null;
  return { file: chosen.file, what: messages.espTools.takenAt(dateTime(Date.parse(chosen.date))) };
}

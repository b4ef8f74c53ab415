/**
 * Up/Down in the send line (UI.md §3.9): walk the lines sent on a port, newest first, and come
 * back to what was being typed. Pure, so the walk is tested without a form.
 */
import { at } from '@contract/present';

/** Where the walk is in the history, and the draft it started from. */
export interface HistoryWalk {
  index: number;
  draft: string;
}

/**
 * One step of the walk: Up goes to an older line (from the draft: the newest), Down to a newer
 * one and past the newest back to the draft. Null when the key changes nothing.
 */
export function stepHistory(
  lines: readonly string[],
  walking: HistoryWalk | null,
  draft: string,
  key: 'up' | 'down',
): { walk: HistoryWalk | null; text: string } | null {
  if (!lines.length) return null;
  if (key === 'up') {
    const index = walking ? Math.max(0, walking.index - 1) : lines.length - 1;
    return { walk: { index, draft: walking?.draft ?? draft }, text: at(lines, index, 'sent line') };
  }
  if (!walking) return null;
  const newer = lines[walking.index + 1];
  if (newer !== undefined) return { walk: { ...walking, index: walking.index + 1 }, text: newer };
  return { walk: null, text: walking.draft };
}

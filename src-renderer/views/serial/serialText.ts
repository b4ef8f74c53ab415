/**
 * How received bytes read on screen and in files (UI.md §3.9): control characters and invalid
 * bytes stand out muted (`\x1b`, `·`) instead of vanishing or moving the cursor; the hex view
 * shows 16 bytes a row with their ASCII.
 */
import { clockTime } from '../../format/time';
import type { SerialViewMode } from '../../state/serialSettings';
import type { SerialRow } from '../../model/serialRows';

export interface Segment {
  text: string;
  /** A control character or an undecodable byte, shown muted. */
  control: boolean;
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g;

const controlWord = (c: string): string =>
  c === '\ufffd' ? '·' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `ESC[1m` → `\x1b` (muted) + `[1m`. Tabs stay tabs. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(CONTROL)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), control: false });
    out.push({ text: controlWord(m[0]), control: true });
    last = m.index + 1;
  }
  if (last < text.length) out.push({ text: text.slice(last), control: false });
  return out;
}

/** `48656c` → `48 65 6c`. */
export const hexPairs = (hex: string): string => hex.replace(/(..)(?!$)/g, '$1 ');

/** `48656c0a` → `Hel·`: printable ASCII, everything else a dot. */
export function asciiOf(hex: string): string {
  let s = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
  }
  return s;
}

/** A row as one line of text, the way it is copied and saved. */
function rowText(row: SerialRow, mode: SerialViewMode, timestamps: boolean): string {
  const body = mode === 'hex' ? `${hexPairs(row.text).padEnd(47)}  ${asciiOf(row.text)}` : row.text;
  return timestamps ? `${clockTime(row.t, true)}  ${body}` : body;
}

/** The whole buffer as text (Copy all, Save to file, Mod+A then copy). */
export function exportText(
  rows: readonly SerialRow[],
  mode: SerialViewMode,
  timestamps: boolean,
  partial: { t: number; text: string } | null = null,
): string {
  const lines = rows.map((r) => rowText(r, mode, timestamps));
  if (partial && mode === 'text') lines.push(rowText({ seq: 0, ...partial }, mode, timestamps));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Absolute indices of the rows (from `first` on) whose text contains `query`, any case. */
export function findRows(
  rows: readonly SerialRow[],
  first: number,
  query: string,
  mode: SerialViewMode,
): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const needle = mode === 'hex' ? q.replace(/[\s:]/g, '') : q;
  const hits: number[] = [];
  rows.forEach((r, i) => {
    if (r.text.toLowerCase().includes(needle)) hits.push(first + i);
  });
  return hits;
}

/**
 * Find in the inspector (UI.md §3.5, issue 16 "one Find/Filter box"): the rows the box's words
 * all match, which of them the selection is on ("3 of 12"), a step to the next or previous one,
 * and, when every row stays shown, which rows to mark.
 */
import { at, first, last } from '@contract/present';
import { useMemo } from 'react';
import type { FrameRow } from '../../model/inspector/frameRow';

export interface Find {
  /** 1-based position of the selected row among the matches; 0 when it is not one. */
  at: number;
  total: number;
  step(dir: 1 | -1): void;
  /** Rows to mark (only when non-matching rows stay shown). */
  marked: ReadonlySet<string>;
}

export function useFind(
  rows: readonly FrameRow[],
  text: string,
  onlyMatching: boolean,
  selectedId: string | null,
  go: (id: string) => void,
): Find {
  // Indices in `rows` of the rows the box's text matches (every row shown, when filtering).
  const matches = useMemo(() => {
    const terms = text.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    const out: number[] = [];
    rows.forEach((r, i) => {
      if (terms.every((w) => r.haystack.includes(w))) out.push(i);
    });
    return out;
  }, [rows, text]);
  const marked = useMemo(
    () => new Set(onlyMatching ? [] : matches.map((i) => at(rows, i, 'frame row').id)),
    [matches, rows, onlyMatching],
  );
  const here = rows.findIndex((r) => r.id === selectedId);
  const matchAt = matches.indexOf(here) + 1;
  const step = (dir: 1 | -1): void => {
    if (!matches.length) return;
    const next =
      dir === 1
        ? (matches.find((i) => i > here) ?? first(matches, 'match'))
        : (matches.findLast((i) => here < 0 || i < here) ?? last(matches, 'match'));
    go(at(rows, next, 'frame row').id);
  };
  return { at: matchAt, total: matches.length, step, marked };
}

/**
 * The palette's rows for a query: matching actions (not the palette itself), best match first,
 * actions before jumps, then by group and label in natural order; at most MAX_ROWS.
 */
import { naturalCompare } from '../format/naturalSort';
import { matchesQuery, queryRank, type Action } from './Action';

/** More rows than this is a list nobody reads; typing narrows it. */
const MAX_ROWS = 100;

export function paletteRows(actions: Iterable<Action>, query: string): Action[] {
  const q = query.trim().toLowerCase();
  return [...actions]
    .filter((a) => a.id !== 'shell.palette' && matchesQuery(a, q))
    .sort(
      (a, b) =>
        queryRank(a, q) - queryRank(b, q) ||
        Number(a.kind === 'jump') - Number(b.kind === 'jump') ||
        naturalCompare(a.group, b.group) ||
        naturalCompare(a.label, b.label),
    )
    .slice(0, MAX_ROWS);
}

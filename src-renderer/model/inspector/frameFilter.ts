/**
 * The inspector's filters (UI.md §3.5): devices (none chosen: all), type chips with KEEP_ALIVE
 * hidden by default, direction, free text over the decoded fields, errors only.
 */
import { TYPE_CHIPS, type FrameRow, type TypeChip } from './frameRow';

export type DirectionFilter = 'all' | 'in' | 'out';

export interface FrameFilter {
  hiddenTypes: readonly TypeChip[];
  direction: DirectionFilter;
  text: string;
  errorsOnly: boolean;
}

export const DEFAULT_FILTER: FrameFilter = {
  hiddenTypes: ['KEEP_ALIVE'],
  direction: 'all',
  text: '',
  errorsOnly: false,
};

/** Every filter except the type chips, so each chip can count what it would add. */
function baseMatcher(
  filter: FrameFilter,
  devices: ReadonlySet<string> | null,
): (row: FrameRow) => boolean {
  const terms = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return (row) =>
    (!devices || devices.has(row.device)) &&
    (filter.direction === 'all' || row.frame.direction === filter.direction) &&
    (!filter.errorsOnly || row.isError) &&
    terms.every((t) => row.haystack.includes(t));
}

export function frameMatcher(
  filter: FrameFilter,
  devices: ReadonlySet<string> | null,
): (row: FrameRow) => boolean {
  const base = baseMatcher(filter, devices);
  const hidden = new Set(filter.hiddenTypes);
  return (row) => !hidden.has(row.chip) && base(row);
}

export function applyFilter(
  rows: readonly FrameRow[],
  filter: FrameFilter,
  devices: ReadonlySet<string> | null,
): FrameRow[] {
  return rows.filter(frameMatcher(filter, devices));
}

/** Frames per chip under the other filters: the count a hidden chip shows (KEEP_ALIVE 14). */
export function chipCounts(
  rows: readonly FrameRow[],
  filter: FrameFilter,
  devices: ReadonlySet<string> | null,
): Record<TypeChip, number> {
  const counts = Object.fromEntries(TYPE_CHIPS.map((c) => [c, 0])) as Record<TypeChip, number>;
  const base = baseMatcher(filter, devices);
  for (const row of rows) if (base(row)) counts[row.chip]++;
  return counts;
}

/** Whether anything beyond the defaults narrows the list (offers "Clear filters"). */
export function isNarrowed(filter: FrameFilter): boolean {
  return (
    filter.direction !== 'all' ||
    filter.errorsOnly ||
    filter.text.trim() !== '' ||
    filter.hiddenTypes.length !== DEFAULT_FILTER.hiddenTypes.length ||
    filter.hiddenTypes.some((t) => !DEFAULT_FILTER.hiddenTypes.includes(t))
  );
}

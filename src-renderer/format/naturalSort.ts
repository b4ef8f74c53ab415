/**
 * Natural order for names a technician reads (issue 16 "site scale"): field-2 before field-10,
 * case ignored, and a stable tie-break so two spellings of one name never swap places.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A sorted copy of `names` in natural order. */
export const naturalSorted = (names: Iterable<string>): string[] => [...names].sort(naturalCompare);

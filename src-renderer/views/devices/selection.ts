/** Pure sums over the tree's selection (issue 16 "act on a selection"): SelectionBar, BulkTags. */
import type { Device } from '@contract/schemas';

/** The selected devices the list still has: a key whose device was just removed is left out. */
export const selectedDevices = (
  devices: Readonly<Record<string, Device>>,
  keys: readonly string[],
): Device[] => keys.flatMap((k) => devices[k] ?? []);

/** How many selected devices the filters hide. */
export function hiddenCount(keys: readonly string[], shown: readonly string[]): number {
  const shownSet = new Set(shown);
  return keys.filter((k) => !shownSet.has(k)).length;
}

/** Whether some device the filters show is not selected yet ("Select shown" has work to do). */
export function someShownUnselected(keys: readonly string[], shown: readonly string[]): boolean {
  const selected = new Set(keys);
  return shown.some((k) => !selected.has(k));
}

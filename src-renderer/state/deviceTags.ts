/**
 * Device tags (issue 16 "site scale"): words such as a site, a room or a product that group
 * devices. Main keeps them with the device (devices.update `tags`), so every window and the
 * web console see the same ones; the tree filters by one tag at a time.
 */
import type { Device } from '@contract/schemas';
import { api } from '../api/connection';
import { naturalCompare } from '../format/naturalSort';
import { useDevices } from './devices';

export interface TagCount {
  tag: string;
  devices: number;
}

/** Every tag in use, with how many devices carry it, in natural order. */
export function tagCounts(
  devices: Readonly<Record<string, Device>> | readonly Device[],
): TagCount[] {
  const counts = new Map<string, number>();
  for (const d of Object.values(devices))
    for (const tag of d.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts]
    .map(([tag, n]) => ({ tag, devices: n }))
    .sort((a, b) => naturalCompare(a.tag, b.tag));
}

/** Shows only devices tagged `tag` in the tree (null: all). */
export const setTagFilter = (tag: string | null): void => {
  useDevices.setState({ tagFilter: tag });
};

/** Replaces a device's tags in main and shows the device as main answered. */
export async function saveTags(
  user: string,
  device: string,
  tags: readonly string[],
): Promise<void> {
  const updated = await api().devices.update({ user, device, tags: [...tags] });
  useDevices.setState((s) => ({ devices: { ...s.devices, [updated.key]: updated } }));
}

/** What a bulk change did: how many devices changed, and which failed with why. */
export interface BulkOutcome {
  changed: number;
  failed: { key: string; error: unknown }[];
}

/** Updates at once in a bulk change: main answers from SQLite, but 205 at once is a burst. */
const BULK_CONCURRENCY = 4;

/** Runs `work` for each key, at most BULK_CONCURRENCY at a time; a failure does not stop the rest. */
export async function eachBounded(
  keys: readonly string[],
  work: (key: string) => Promise<boolean>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { changed: 0, failed: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let key = keys[next++]; key !== undefined; key = keys[next++]) {
      try {
        if (await work(key)) outcome.changed++;
      } catch (error) {
        outcome.failed.push({ key, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, keys.length) }, worker));
  return outcome;
}

/**
 * Adds (`on`) or removes a tag on several devices. Devices that already have it (or lack it) are
 * left alone and not counted; one that would pass MAX_DEVICE_TAGS fails with main's answer.
 */
export function tagDevices(
  keys: readonly string[],
  tag: string,
  on: boolean,
): Promise<BulkOutcome> {
  return eachBounded(keys, async (key) => {
    const d = useDevices.getState().devices[key];
    if (!d) return false;
    const tags = d.tags ?? [];
    if (tags.includes(tag) === on) return false;
    await saveTags(d.user, d.device, on ? [...tags, tag] : tags.filter((x) => x !== tag));
    return true;
  });
}

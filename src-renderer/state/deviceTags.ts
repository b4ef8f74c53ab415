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
export function tagCounts(devices: Readonly<Record<string, Device>>): TagCount[] {
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

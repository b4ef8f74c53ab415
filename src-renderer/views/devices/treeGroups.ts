/**
 * The tree's groups (UI.md §3.1): by IoTMP user, or by tag (a device with two tags is in both;
 * devices without one gather under "Untagged", last), each holding the devices that pass the
 * filters, with how each matched. Pure.
 */
import { present } from '@contract/present';
import type { Device } from '@contract/schemas';
import { naturalCompare } from '../../format/naturalSort';
import type { DevicesData, GroupBy } from '../../state/devices';
import { filterPattern, matchDevice, type FilterMatch } from './deviceFilter';

export type GroupKind = 'user' | 'tag' | 'untagged';

export interface Group {
  groupId: string;
  by: GroupKind;
  name: string;
  devices: Device[];
}

/** The groups a device falls in: its user, or each of its tags (none: untagged). */
function groupsOf(d: Device, by: GroupBy): { groupId: string; by: GroupKind; name: string }[] {
  if (by === 'user') return [{ groupId: `u:${d.user}`, by: 'user', name: d.user }];
  const tags = d.tags ?? [];
  if (!tags.length) return [{ groupId: 't:', by: 'untagged', name: '' }];
  return tags.map((tag) => ({ groupId: `t:${tag}`, by: 'tag', name: tag }));
}

/** Natural order by name; the untagged group last. */
const compareGroups = (a: Group, b: Group): number =>
  Number(a.by === 'untagged') - Number(b.by === 'untagged') || naturalCompare(a.name, b.name);

/** The groups in order, the devices in each passing the filters, and each device's match. */
export function groupDevices(
  s: Pick<DevicesData, 'keys' | 'devices' | 'resources' | 'filter' | 'statusFilter' | 'tagFilter'>,
  by: GroupBy,
): { groups: Group[]; matches: Map<string, FilterMatch> } {
  const pattern = filterPattern(s.filter);
  const groups = new Map<string, Group>();
  const matches = new Map<string, FilterMatch>();
  for (const key of s.keys) {
    const d = present(s.devices[key], `device ${key}`);
    const match = matchDevice(d, pattern, s.statusFilter, s.resources[key]?.items, s.tagFilter);
    if (!match) continue;
    matches.set(key, match);
    for (const g of groupsOf(d, by)) {
      let group = groups.get(g.groupId);
      if (!group) groups.set(g.groupId, (group = { ...g, devices: [] }));
      group.devices.push(d);
    }
  }
  return { groups: [...groups.values()].sort(compareGroups), matches };
}

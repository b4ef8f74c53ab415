/**
 * The device tree as the flat list of rows the view renders (UI.md §3.1): groups (by IoTMP user
 * or by tag, treeGroups) → devices (filtered by deviceFilter, ordered by deviceSort) → resources.
 * Pure, so the rules are tested without a DOM.
 */
import { present } from '@contract/present';
import type { Device } from '@contract/schemas';
import type { PlacedDevice, ResourceInfo, ResourceList } from '../../state/devices';
import { filterPattern, type FilterMatch } from './deviceFilter';
import { compareDevices } from './deviceSort';
import { groupDevices, type GroupKind } from './treeGroups';
import type { TreeInput } from './treeInput';

/**
 * A group header: an IoTMP user, a tag, or the devices without one. `groupId` (`u:<user>`,
 * `t:<tag>`, `t:` for untagged) keys its collapsed state; `keys` are the devices under it that
 * pass the filters, for its box ("tick all").
 */
export interface GroupRow {
  kind: 'group';
  id: string;
  groupId: string;
  by: GroupKind;
  /** The user or the tag; empty for untagged. */
  name: string;
  total: number;
  online: number;
  expanded: boolean;
  keys: readonly string[];
}

export type TreeRow =
  | GroupRow
  | { kind: 'device'; id: string; key: string; expanded: boolean; setSize: number; pos: number }
  | {
      kind: 'resource';
      id: string;
      key: string;
      resource: ResourceInfo;
      setSize: number;
      pos: number;
    }
  | { kind: 'note'; id: string; key: string; note: 'loading' | 'error' | 'empty' | 'offline' };

/**
 * The tree as the flat list of visible rows (groups → devices → resources) that the view
 * renders, virtualised or not. Groups are IoTMP users, or tags: a device with two tags is listed
 * under both (its rows' ids carry the group, so each is its own row); devices without a tag
 * gather under "Untagged", last. A device matched only through resource names shows just those
 * resources, expanded.
 */
export function treeRows(s: TreeInput): TreeRow[] {
  const by = s.groupBy ?? 'user';
  const pattern = filterPattern(s.filter);
  const { groups, matches } = groupDevices(s, by);
  const rows: TreeRow[] = [];
  const compare = compareDevices(s.sort);
  for (const g of groups) {
    const expandedGroup = !s.collapsedGroups[g.groupId] || pattern !== null;
    // Only tag groups can hold a device twice; user groups keep the short ids.
    const scope = by === 'tag' ? `${g.groupId}\u0001` : '';
    g.devices.sort(compare);
    rows.push({
      kind: 'group',
      id: `g:${g.groupId}`,
      groupId: g.groupId,
      by: g.by,
      name: g.name,
      total: g.devices.length,
      online: g.devices.filter((d) => d.status.online).length,
      expanded: expandedGroup,
      keys: g.devices.map((d) => d.key),
    });
    if (!expandedGroup) continue;
    g.devices.forEach((d, i) => {
      const match = present(matches.get(d.key), `filter match of device ${d.key}`);
      const viaResources = !match.device;
      const expanded = viaResources || Boolean(s.expanded[d.key]);
      rows.push({
        kind: 'device',
        id: `${scope}d:${d.key}`,
        key: d.key,
        expanded,
        setSize: g.devices.length,
        pos: i + 1,
      });
      if (expanded) rows.push(...resourceRows(d, s.resources[d.key], match, scope));
    });
  }
  return rows;
}

function resourceRows(
  d: Device,
  list: ResourceList | undefined,
  match: FilterMatch,
  scope: string,
): TreeRow[] {
  const note = (n: 'loading' | 'error' | 'empty' | 'offline'): TreeRow[] => [
    { kind: 'note', id: `${scope}n:${d.key}`, key: d.key, note: n },
  ];
  if (!list || (list.at === null && list.state === 'loading'))
    return note(d.status.online ? 'loading' : 'offline');
  if (list.at === null) return note('error');
  const items = match.device
    ? list.items
    : list.items.filter((r) => match.resources.includes(r.name));
  if (!items.length) return note('empty');
  return items.map((r, i) => ({
    kind: 'resource',
    id: `${scope}r:${d.key}\u0000${r.name}`,
    key: d.key,
    resource: r,
    setSize: items.length,
    pos: i + 1,
  }));
}

/** The device rows in the order the tree shows them (a Shift range runs over this). */
export const deviceOrder = (rows: readonly TreeRow[]): PlacedDevice[] =>
  rows.flatMap((r) => (r.kind === 'device' ? [{ id: r.id, key: r.key }] : []));

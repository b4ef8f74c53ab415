/**
 * The device tree as the flat list of rows the view renders (UI.md §3.1): filter (substring with
 * `*`, over ids, names, tags and resource names), status chips, a tag, sort, groups (by IoTMP
 * user or by tag) → devices → resources. Pure, so the rules are tested without a DOM.
 */
import { present } from '@contract/present';
import type { Device } from '@contract/schemas';
import type {
  DevicesData,
  GroupBy,
  PlacedDevice,
  ResourceInfo,
  ResourceList,
  SortKey,
  StatusFilter,
} from '../../state/devices';
import { naturalCompare } from '../../format/naturalSort';

/**
 * The filter box (UI.md §3.1): case-insensitive substring, `*` matches any run of characters.
 * Returns null for an empty filter (everything matches).
 */
export function filterPattern(text: string): RegExp | null {
  const q = text.trim();
  if (!q || /^\*+$/.test(q)) return null;
  const source = q
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(source, 'i');
}

export interface FilterMatch {
  /** The device itself matched (id, name or `user/device`), or no text filter is set. */
  device: boolean;
  /** Resource names that matched (only when the device did not). */
  resources: readonly string[];
}

/** Whether a device passes the filter, and through which of its cached resources. */
export function matchDevice(
  d: Device,
  pattern: RegExp | null,
  statusFilter: StatusFilter,
  resources: readonly ResourceInfo[] | undefined,
  tag: string | null = null,
): FilterMatch | null {
  if (statusFilter === 'online' && !d.status.online) return null;
  if (statusFilter === 'offline' && d.status.online) return null;
  if (tag !== null && !d.tags?.includes(tag)) return null;
  if (
    !pattern ||
    pattern.test(d.device) ||
    pattern.test(d.name) ||
    pattern.test(d.key) ||
    d.tags?.some((t) => pattern.test(t))
  )
    return { device: true, resources: [] };
  const names = (resources ?? []).filter((r) => pattern.test(r.name)).map((r) => r.name);
  return names.length ? { device: false, resources: names } : null;
}

const traffic = (d: Device): number => d.status.bytesIn + d.status.bytesOut;

/** Status then id (online, quiet included, before offline); last seen, newest first; traffic. */
export function compareDevices(sort: SortKey): (a: Device, b: Device) => number {
  const byId = (a: Device, b: Device): number =>
    naturalCompare(a.device, b.device) || naturalCompare(a.user, b.user);
  switch (sort) {
    case 'lastSeen':
      return (a, b) => (b.status.lastSeen ?? -1) - (a.status.lastSeen ?? -1) || byId(a, b);
    case 'traffic':
      return (a, b) => traffic(b) - traffic(a) || byId(a, b);
    default:
      return (a, b) => Number(b.status.online) - Number(a.status.online) || byId(a, b);
  }
}

/**
 * A group header: an IoTMP user, a tag, or the devices without one. `groupId` (`u:<user>`,
 * `t:<tag>`, `t:` for untagged) keys its collapsed state; `keys` are the devices under it that
 * pass the filters, for its box ("tick all").
 */
export interface GroupRow {
  kind: 'group';
  id: string;
  groupId: string;
  by: 'user' | 'tag' | 'untagged';
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

/** The parts of the slice the tree depends on. */
export type TreeInput = Pick<
  DevicesData,
  | 'keys'
  | 'devices'
  | 'resources'
  | 'filter'
  | 'statusFilter'
  | 'tagFilter'
  | 'sort'
  | 'collapsedGroups'
  | 'expanded'
> & { groupBy?: GroupBy };

/** The tree's input from the slice (for `useShallow`: a new object only when a field changed). */
export const selectTreeInput = (s: DevicesData): Required<TreeInput> => ({
  keys: s.keys,
  devices: s.devices,
  resources: s.resources,
  filter: s.filter,
  statusFilter: s.statusFilter,
  tagFilter: s.tagFilter,
  sort: s.sort,
  collapsedGroups: s.collapsedGroups,
  expanded: s.expanded,
  groupBy: s.groupBy,
});

interface Group {
  groupId: string;
  by: GroupRow['by'];
  name: string;
  devices: Device[];
}

/** The groups a device falls in: its user, or each of its tags (none: untagged). */
function groupsOf(d: Device, by: GroupBy): { groupId: string; by: GroupRow['by']; name: string }[] {
  if (by === 'user') return [{ groupId: `u:${d.user}`, by: 'user', name: d.user }];
  const tags = d.tags ?? [];
  if (!tags.length) return [{ groupId: 't:', by: 'untagged', name: '' }];
  return tags.map((tag) => ({ groupId: `t:${tag}`, by: 'tag', name: tag }));
}

/** Natural order by name; the untagged group last. */
const compareGroups = (a: Group, b: Group): number =>
  Number(a.by === 'untagged') - Number(b.by === 'untagged') || naturalCompare(a.name, b.name);

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
  const rows: TreeRow[] = [];
  const compare = compareDevices(s.sort);
  for (const g of [...groups.values()].sort(compareGroups)) {
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

/** The devices the filters (text, status, tag) let through, collapsed groups included. */
export function filteredKeys(
  s: Pick<TreeInput, 'keys' | 'devices' | 'resources' | 'filter' | 'statusFilter' | 'tagFilter'>,
): string[] {
  const pattern = filterPattern(s.filter);
  return s.keys.filter((key) =>
    matchDevice(
      present(s.devices[key], `device ${key}`),
      pattern,
      s.statusFilter,
      s.resources[key]?.items,
      s.tagFilter,
    ),
  );
}

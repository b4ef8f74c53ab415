/**
 * The device tree as the flat list of rows the view renders (UI.md §3.1): filter (substring with
 * `*`, over ids, names, tags and resource names), status chips, a tag, sort, groups → devices →
 * resources. Pure, so the rules are tested without a
 * DOM.
 */
import type { Device } from '@contract/schemas';
import type {
  DevicesData,
  ResourceInfo,
  ResourceList,
  SortKey,
  StatusFilter,
} from '../../state/devices';
import { naturalCompare, naturalSorted } from '../../format/naturalSort';

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

export type TreeRow =
  | { kind: 'group'; id: string; user: string; total: number; online: number; expanded: boolean }
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
>;

/**
 * The tree as the flat list of visible rows (groups → devices → resources) that the view
 * renders, virtualised or not. Groups are IoTMP users (the contract has no site group yet).
 * A device matched only through resource names shows just those resources, expanded.
 */
export function treeRows(s: TreeInput): TreeRow[] {
  const pattern = filterPattern(s.filter);
  const groups = new Map<string, { devices: Device[]; matches: Map<string, FilterMatch> }>();
  for (const key of s.keys) {
    const d = s.devices[key]!;
    const match = matchDevice(d, pattern, s.statusFilter, s.resources[key]?.items, s.tagFilter);
    if (!match) continue;
    let g = groups.get(d.user);
    if (!g) groups.set(d.user, (g = { devices: [], matches: new Map() }));
    g.devices.push(d);
    g.matches.set(key, match);
  }
  const rows: TreeRow[] = [];
  const compare = compareDevices(s.sort);
  for (const user of naturalSorted(groups.keys())) {
    const g = groups.get(user)!;
    const expandedGroup = !s.collapsedGroups[user] || pattern !== null;
    rows.push({
      kind: 'group',
      id: `g:${user}`,
      user,
      total: g.devices.length,
      online: g.devices.filter((d) => d.status.online).length,
      expanded: expandedGroup,
    });
    if (!expandedGroup) continue;
    g.devices.sort(compare);
    g.devices.forEach((d, i) => {
      const match = g.matches.get(d.key)!;
      const viaResources = !match.device;
      const expanded = viaResources || Boolean(s.expanded[d.key]);
      rows.push({
        kind: 'device',
        id: `d:${d.key}`,
        key: d.key,
        expanded,
        setSize: g.devices.length,
        pos: i + 1,
      });
      if (expanded) rows.push(...resourceRows(d, s.resources[d.key], match));
    });
  }
  return rows;
}

function resourceRows(d: Device, list: ResourceList | undefined, match: FilterMatch): TreeRow[] {
  const note = (n: 'loading' | 'error' | 'empty' | 'offline'): TreeRow[] => [
    { kind: 'note', id: `n:${d.key}`, key: d.key, note: n },
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
    id: `r:${d.key}\u0000${r.name}`,
    key: d.key,
    resource: r,
    setSize: items.length,
    pos: i + 1,
  }));
}

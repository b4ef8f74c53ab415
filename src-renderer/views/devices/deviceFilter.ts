/**
 * The tree's filters (UI.md §3.1): the filter box (substring with `*`, over ids, names, tags and
 * resource names), the status chips and a tag. Pure.
 */
import { present } from '@contract/present';
import type { Device } from '@contract/schemas';
import type { DevicesData, ResourceInfo, StatusFilter } from '../../state/devices';

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

/** The devices the filters (text, status, tag) let through, collapsed groups included. */
export function filteredKeys(
  s: Pick<DevicesData, 'keys' | 'devices' | 'resources' | 'filter' | 'statusFilter' | 'tagFilter'>,
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

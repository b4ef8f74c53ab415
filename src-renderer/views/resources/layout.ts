/**
 * How the Resources tab arranges a device's resources (UI.md §3.2): sorted by name, names with
 * `/` grouped by their first segment, `$` system resources apart (collapsed), and session
 * templates (`$terminal/:session`, `$fs/get/*path`; IOTMP.md §7.1, §7.6) listed read-only.
 */
import type { ResourceInfo } from '../../state/devices';
import type { Fn } from '../../state/resources';
import { naturalCompare } from '../../format/naturalSort';

export interface ResourceItem {
  name: string;
  /** null: declared without a handler (IOTMP.md §7.2), greyed. */
  fn: Fn | null;
}

interface ResourceGroup {
  name: string;
  items: ResourceItem[];
}

export interface ResourceLayout {
  main: ResourceItem[];
  groups: ResourceGroup[];
  system: ResourceItem[];
  sessions: ResourceItem[];
}

const FN: Record<ResourceInfo['kind'], Fn | null> = { run: 1, in: 2, out: 3, inout: 4, none: null };

const itemOf = (r: ResourceInfo): ResourceItem => ({ name: r.name, fn: FN[r.kind] });

/** A template segment (`:session`, `*path`): a concrete name is needed to use it. */
const isSessionTemplate = (name: string): boolean =>
  name.split('/').some((s) => s.startsWith(':') || s.startsWith('*'));

const byName = (a: ResourceItem, b: ResourceItem): number => naturalCompare(a.name, b.name);

export function layoutResources(list: readonly ResourceInfo[]): ResourceLayout {
  const items = list.map(itemOf).sort(byName);
  const out: ResourceLayout = { main: [], groups: [], system: [], sessions: [] };
  const groups = new Map<string, ResourceItem[]>();
  for (const item of items) {
    if (isSessionTemplate(item.name)) out.sessions.push(item);
    else if (item.name.startsWith('$')) out.system.push(item);
    else if (item.name.includes('/')) {
      const group = item.name.slice(0, item.name.indexOf('/'));
      groups.set(group, [...(groups.get(group) ?? []), item]);
    } else out.main.push(item);
  }
  out.groups = [...groups].map(([name, g]) => ({ name, items: g }));
  return out;
}

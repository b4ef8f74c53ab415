/**
 * The devices slice's pure rules (UI.md §3.1), tested without a store: liveness, the name worth
 * showing, the "new" badge, when two reads of a device are the same, and describe-all's map as a
 * resource list.
 */
import type { Device, DeviceStatus, Value } from '@contract/schemas';
import { naturalCompare } from '../../format/naturalSort';

/**
 * No inbound frame for this long: quiet. Devices send a keep-alive every 60 s (IOTMP.md §6.2), so
 * 70 s means one was missed, well before the broker's 120 s timeout declares it dead (§10.1).
 */
export const QUIET_AFTER_MS = 70_000;

/** `unknown`: contact with main (or the server) is lost, so nothing live can be vouched for. */
export type Liveness = 'online' | 'quiet' | 'offline' | 'unknown';
/** Describe's `fn` (IOTMP.md §7.2) as the tree words it: Run, In, Out, In/Out; `none`: null. */
export type ResourceKind = 'run' | 'in' | 'out' | 'inout' | 'none';
export interface ResourceInfo {
  name: string;
  kind: ResourceKind;
}
export interface ResourceList {
  state: 'loading' | 'ready' | 'error';
  /** Kept while a reload runs, so the tree does not flicker. */
  items: readonly ResourceInfo[];
  error: unknown;
  /** When the list was last read (ms), null before the first answer. */
  at: number | null;
  /** The device reconnected since: read it again when shown (it may run other firmware). */
  stale: boolean;
  /**
   * What the last re-read of this device's list changed, until dismissed ("Resource list
   * changed: 2 added, 1 removed"). Per device, so opening another device never compares two
   * devices' lists.
   */
  changes: ListChanges | null;
}

export interface ListChanges {
  added: string[];
  removed: string[];
}

export type StatusFilter = 'all' | 'online' | 'offline';
export type SortKey = 'status' | 'lastSeen' | 'traffic';
/** How the tree groups devices: by IoTMP user (UI.md §3.1), or by tag (issue 16 "site scale"). */
export type GroupBy = 'user' | 'tag';

/**
 * `contact`: the link to main (or the server) is up. While it is lost every presence, counter and
 * age is only the last known one, so liveness says `unknown` (issue 16); views pass
 * `useContact()`.
 */
export function liveness(status: DeviceStatus, now: number, contact = true): Liveness {
  if (!contact) return 'unknown';
  if (!status.online) return 'offline';
  if (status.lastSeen !== null && now - status.lastSeen >= QUIET_AFTER_MS) return 'quiet';
  return 'online';
}

/** The name worth showing beside the id: none when it only repeats the id (auto-registered). */
export const displayName = (d: Device): string => (d.name && d.name !== d.device ? d.name : '');

export const isNew = (d: Device, opened: Readonly<Record<string, true>>): boolean =>
  d.autoRegistered && !opened[d.key];

const sameStatus = (a: DeviceStatus, b: DeviceStatus): boolean =>
  (Object.keys(a) as (keyof DeviceStatus)[]).every((k) => a[k] === b[k]);

export const sameDevice = (a: Device, b: Device): boolean =>
  a.name === b.name &&
  a.description === b.description &&
  a.registered === b.registered &&
  a.autoRegistered === b.autoRegistered &&
  a.createdAt === b.createdAt &&
  a.credentialUpdatedAt === b.credentialUpdatedAt &&
  (a.tags ?? []).join('\n') === (b.tags ?? []).join('\n') &&
  sameStatus(a.status, b.status);

const KINDS: Record<number, ResourceKind> = { 1: 'run', 2: 'in', 3: 'out', 4: 'inout' };

/**
 * Describe-all's map of name → `{"fn": n}` (IOTMP.md §7.2) as a sorted list: a null descriptor
 * is a name without a handler; null or no payload (`$empty` in pv0) means no resources.
 * `$`-prefixed system resources (§7.6) sort after the device's own.
 */
export function resourcesFromDescribe(value: Value): ResourceInfo[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === '$empty') return [];
  return entries
    .map(([name, descriptor]) => {
      const fn =
        descriptor && typeof descriptor === 'object' && !Array.isArray(descriptor)
          ? descriptor.fn
          : null;
      return { name, kind: (typeof fn === 'number' && KINDS[fn]) || 'none' } as ResourceInfo;
    })
    .sort(
      (a, b) =>
        Number(a.name.startsWith('$')) - Number(b.name.startsWith('$')) ||
        naturalCompare(a.name, b.name),
    );
}

/** What changed between two lists of one device. */
export function listChanges(
  before: readonly ResourceInfo[],
  after: readonly ResourceInfo[],
): ListChanges {
  const was = new Set(before.map((r) => r.name));
  const now = new Set(after.map((r) => r.name));
  return {
    added: [...now].filter((n) => !was.has(n)),
    removed: [...was].filter((n) => !now.has(n)),
  };
}

/**
 * The devices slice (UI.md §3.1): every device the broker knows, with presence and counters; the
 * resource list of each device from describe, cached for the tree; the tree's filter, sort and
 * expansion; which automatically accepted devices were opened (their "new" badge goes).
 *
 * Kept live by the `devices.presence` topic (a device that connects appears at once) and, while
 * the tree is on screen, by polling `devices.list` once a second: the contract has no counter
 * topic, and UI.md wants counters at most twice a second. A merge keeps the object of every
 * device whose fields did not change, so a row selecting its own device re-renders only when
 * that device changed.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { deviceKey, splitKey } from '@contract/deviceKey';
import type { Device, DeviceStatus, Value } from '@contract/schemas';
import { api, useConnection } from '../api/connection';
import { changedOnlyStorage } from './changedOnlyStorage';
import { naturalCompare, naturalSorted } from '../format/naturalSort';

/**
 * No inbound frame for this long: quiet. Devices send a keep-alive every 60 s (IOTMP.md §6.2), so
 * 70 s means one was missed, well before the broker's 120 s timeout declares it dead (§10.1).
 */
export const QUIET_AFTER_MS = 70_000;
/**
 * Counters poll while the view is on screen: at most twice a second (UI.md §3.1, §3.2), once a
 * second beyond LARGE_FLEET devices, where each list read is larger.
 */
export const LIST_POLL_MS = 500;
export const LARGE_FLEET_POLL_MS = 1_000;
export const LARGE_FLEET = 200;
/** Relative ages and quiet detection are re-evaluated this often. */
export const CLOCK_MS = 1_000;
/** A device that connects is highlighted this long (none with reduced motion). */
export const HIGHLIGHT_MS = 1_000;

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

export interface DevicesData {
  devices: Readonly<Record<string, Device>>;
  /** Device keys (`user/device`) sorted; a new array only when the set of devices changes. */
  keys: readonly string[];
  /** The first list arrived. */
  loaded: boolean;
  /** The first list (or a Retry) is being read. */
  loading: boolean;
  /** Why the last explicit read of the list failed. */
  error: unknown;
  /** The slice's clock (ms), ticking while the tree is on screen; tests set it. */
  now: number;
  /** Devices that came online in the last HIGHLIGHT_MS, with when (for the highlight). */
  appearedAt: Readonly<Record<string, number>>;
  resources: Readonly<Record<string, ResourceList>>;
  /** Connections that replaced an earlier one of the same device while we watched. */
  replaced: Readonly<Record<string, { connectedSince: number | null; from: string | null }>>;
  filter: string;
  statusFilter: StatusFilter;
  /** Only devices with this tag (state/deviceTags.ts), or all. */
  tagFilter: string | null;
  sort: SortKey;
  collapsedGroups: Readonly<Record<string, true>>;
  expanded: Readonly<Record<string, true>>;
  /** Automatically accepted devices someone opened: no "new" badge any more (persisted). */
  opened: Readonly<Record<string, true>>;
  /** Width of the tree pane in px (persisted). */
  listWidth: number;
}

/** The tree pane: about 300 px (UI.md §2), wide enough for the chips and sort on one line. */
export const LIST_WIDTH = { initial: 340, min: 260, max: 640 } as const;

export const initialDevicesData = (): DevicesData => ({
  devices: {},
  keys: [],
  loaded: false,
  loading: false,
  error: null,
  now: Date.now(),
  appearedAt: {},
  resources: {},
  replaced: {},
  filter: '',
  statusFilter: 'all',
  tagFilter: null,
  sort: 'status',
  collapsedGroups: {},
  expanded: {},
  opened: {},
  listWidth: LIST_WIDTH.initial,
});

export const useDevices = create<DevicesData>()(
  persist(initialDevicesData, {
    name: 'iotmp-studio.devices',
    storage: changedOnlyStorage(),
    version: 1,
    partialize: (s) => ({
      opened: s.opened,
      listWidth: s.listWidth,
      sort: s.sort,
      statusFilter: s.statusFilter,
      tagFilter: s.tagFilter,
    }),
  }),
);

/** One key per device in maps and routes, the same as main's (contract `deviceKey`). */
export { deviceKey, splitKey };

// ---------------------------------------------------------------------------------------------
// Pure rules (tested without a store)

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
  if (entries.length === 1 && entries[0]![0] === '$empty') return [];
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

// ---------------------------------------------------------------------------------------------
// Updates

// persist's setState returns a value (a promise for async storage); updates here ignore it.
const set = (
  patch: Partial<DevicesData> | ((s: DevicesData) => Partial<DevicesData> | DevicesData),
): void => {
  useDevices.setState(patch);
};
const get = useDevices.getState;

const highlightTimers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Marks devices that just came online; each mark goes after HIGHLIGHT_MS. The row shows it as a
 * fading highlight, which `prefers-reduced-motion` removes (app.css).
 */
function highlight(keys: readonly string[], now: number): void {
  if (!keys.length) return;
  set((s) => ({
    appearedAt: { ...s.appearedAt, ...Object.fromEntries(keys.map((k) => [k, now])) },
  }));
  for (const key of keys) {
    clearTimeout(highlightTimers.get(key));
    highlightTimers.set(
      key,
      setTimeout(() => {
        highlightTimers.delete(key);
        set((s) => {
          const rest = { ...s.appearedAt };
          delete rest[key];
          return { appearedAt: rest };
        });
      }, HIGHLIGHT_MS),
    );
  }
}

/** Merges a fresh list: unchanged devices keep their object; newly online ones get a highlight. */
export function mergeDevices(list: readonly Device[], now = Date.now()): void {
  const appeared: string[] = [];
  set((s) => {
    const devices: Record<string, Device> = {};
    for (const d of list) {
      const prev = s.devices[d.key];
      devices[d.key] = prev && sameDevice(prev, d) ? prev : d;
      if (s.loaded && d.status.online && !prev?.status.online) appeared.push(d.key);
    }
    const keys = naturalSorted(Object.keys(devices));
    const sameKeys = keys.length === s.keys.length && keys.every((k, i) => k === s.keys[i]);
    return {
      devices,
      keys: sameKeys ? s.keys : keys,
      loaded: true,
      loading: false,
      error: null,
    };
  });
  highlight(appeared, now);
}

/** A presence event: the device's status replaced at once (added if unknown). */
export function applyPresence(
  p: { user: string; device: string; status: DeviceStatus },
  now = Date.now(),
): void {
  const key = deviceKey(p.user, p.device);
  const prev = get().devices[key];
  const next: Device = prev
    ? { ...prev, status: p.status }
    : {
        user: p.user,
        device: p.device,
        key,
        // Filled in by the list read that an unknown device triggers (see followDevices).
        registered: true,
        name: '',
        description: '',
        autoRegistered: false,
        createdAt: null,
        credentialUpdatedAt: null,
        status: p.status,
      };
  const came = p.status.online && !prev?.status.online;
  // Online again while online: a newer connection replaced the old one (IOTMP.md §6.1).
  const replaced =
    p.status.online &&
    prev?.status.online === true &&
    prev.status.connectedSince !== p.status.connectedSince;
  set((s) => ({
    devices: { ...s.devices, [key]: next },
    keys: prev ? s.keys : naturalSorted([...s.keys, key]),
    // A device that reconnects may run other firmware: its cached resources are re-read.
    resources:
      (came || replaced) && s.resources[key]
        ? { ...s.resources, [key]: { ...s.resources[key], stale: true } }
        : s.resources,
    replaced: replaced
      ? {
          ...s.replaced,
          [key]: { connectedSince: p.status.connectedSince, from: p.status.remoteAddress },
        }
      : s.replaced,
  }));
  if (came) highlight([key], now);
}

/** "Replaced by a new connection from …" while that connection lasts, else null. */
export function replacedFrom(s: DevicesData, key: string): string | null {
  const r = s.replaced[key];
  const st = s.devices[key]?.status;
  return r && st?.online && st.connectedSince === r.connectedSince ? (r.from ?? '') : null;
}

let listInFlight: Promise<void> | null = null;

/**
 * Reads the list. `explicit` (start, Retry, link return) shows loading and errors; a poll keeps
 * what is shown when it fails (the link banner already says when main is unreachable).
 */
export function refreshDevices(explicit = true): Promise<void> {
  if (listInFlight) return listInFlight;
  if (explicit) set({ loading: true });
  listInFlight = api()
    .devices.list({})
    .then(
      ({ devices }) => mergeDevices(devices),
      (error: unknown) => {
        if (explicit) set({ loading: false, error });
      },
    )
    .finally(() => {
      listInFlight = null;
    });
  return listInFlight;
}

const describing = new Map<string, Promise<void>>();

/** Reads (or with `refresh`, asks the device again for) a device's resource list. */
export function loadResources(user: string, device: string, refresh = false): Promise<void> {
  const key = deviceKey(user, device);
  const running = describing.get(key);
  if (running && !refresh) return running;
  const setList = (patch: (prev: ResourceList) => Partial<ResourceList>): void =>
    set((s) => {
      const prev: ResourceList = s.resources[key] ?? {
        state: 'loading',
        items: [],
        error: null,
        at: null,
        stale: false,
        changes: null,
      };
      return { resources: { ...s.resources, [key]: { ...prev, ...patch(prev) } } };
    });
  setList(() => ({ state: 'loading', error: null }));
  const job = api()
    .resources.describe({ user, device, ...(refresh ? { refresh: true } : {}) })
    .then(
      ({ value }) =>
        setList((prev) => {
          const items = resourcesFromDescribe(value);
          // Only a list read before of this same device is compared; the first read is news.
          const c = prev.at !== null ? listChanges(prev.items, items) : null;
          return {
            state: 'ready',
            items,
            at: Date.now(),
            stale: false,
            changes: c && (c.added.length || c.removed.length) ? c : prev.changes,
          };
        }),
      (error: unknown) => setList(() => ({ state: 'error', error })),
    )
    .finally(() => {
      if (describing.get(key) === job) describing.delete(key);
    });
  describing.set(key, job);
  return job;
}

/**
 * The resources of a device the tree shows expanded: read when missing, stale or failed. Called
 * on expanding and on reconnecting, never in a loop, so a failing device is not hammered.
 */
export function ensureResources(key: string): void {
  const s = get();
  const d = s.devices[key];
  const list = s.resources[key];
  if (!d || !d.status.online || describing.has(key)) return;
  if (list && list.state === 'ready' && !list.stale) return;
  void loadResources(d.user, d.device);
}

/** The "Resource list changed" note was read. */
export function dismissListChanges(key: string): void {
  set((s) => {
    const list = s.resources[key];
    return list?.changes ? { resources: { ...s.resources, [key]: { ...list, changes: null } } } : s;
  });
}

export const setFilter = (filter: string): void => set({ filter });
export const setStatusFilter = (statusFilter: StatusFilter): void => set({ statusFilter });
export const setSort = (sort: SortKey): void => set({ sort });
export const setListWidth = (px: number): void =>
  set({ listWidth: Math.round(Math.min(LIST_WIDTH.max, Math.max(LIST_WIDTH.min, px))) });
export const setNow = (now: number): void => set({ now });

export function setExpanded(key: string, expanded: boolean): void {
  set((s) => {
    if (Boolean(s.expanded[key]) === expanded) return s;
    const next = { ...s.expanded };
    if (expanded) next[key] = true;
    else delete next[key];
    return { expanded: next };
  });
  if (expanded) ensureResources(key);
}

export function setGroupExpanded(user: string, expanded: boolean): void {
  set((s) => {
    const next = { ...s.collapsedGroups };
    if (expanded) delete next[user];
    else next[user] = true;
    return { collapsedGroups: next };
  });
}

/** Opening an automatically accepted device removes its "new" badge, for good. */
export function markOpened(key: string): void {
  const d = get().devices[key];
  if (d?.autoRegistered && !get().opened[key])
    set((s) => ({ opened: { ...s.opened, [key]: true } }));
}

// ---------------------------------------------------------------------------------------------
// Lifetimes

/**
 * For the whole app: the list at start and whenever the link returns, and presence events. A
 * device the list does not know yet is shown from its presence event at once, then completed
 * by a list read. Returns the disposer.
 */
export function followDevices(): () => void {
  void refreshDevices();
  const stopPresence = api().on('devices.presence', {}, (p) => {
    const known = Boolean(get().devices[deviceKey(p.user, p.device)]);
    applyPresence(p);
    if (!known) void refreshDevices(false);
    if (p.status.online) {
      const key = deviceKey(p.user, p.device);
      if (get().expanded[key]) ensureResources(key);
    }
  });
  const stopLink = useConnection.subscribe((c, prev) => {
    if (c.link === 'online' && prev.link !== 'online') void refreshDevices();
  });
  return () => {
    stopPresence();
    stopLink();
  };
}

const linkUp = (): boolean => useConnection.getState().link === 'online';
/** Whether live figures can be vouched for: the link to main is up. */
export const useContact = (): boolean => useConnection((s) => s.link === 'online');

const visible = (): boolean =>
  typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * While the view is on screen: the clock for ages and quiet detection, and the counter poll
 * (skipped while the page is hidden, the link is down or a read is still running). Returns the
 * disposer.
 */
export function watchDevices(): () => void {
  setNow(Date.now());
  const clock = setInterval(() => setNow(Date.now()), CLOCK_MS);
  let last = 0;
  const poll = setInterval(() => {
    const s = get();
    const every = s.keys.length > LARGE_FLEET ? LARGE_FLEET_POLL_MS : LIST_POLL_MS;
    // A tick a few ms early still counts: timers drift.
    if (Date.now() - last < every - 50 || !visible() || !linkUp() || !s.loaded) return;
    last = Date.now();
    void refreshDevices(false);
  }, LIST_POLL_MS);
  return () => {
    clearInterval(clock);
    clearInterval(poll);
  };
}

/** Back to the first state (tests). */
export function resetDevices(patch: Partial<DevicesData> = {}): void {
  describing.clear();
  listInFlight = null;
  highlightTimers.forEach((t) => clearTimeout(t));
  highlightTimers.clear();
  set({ ...initialDevicesData(), ...patch });
}

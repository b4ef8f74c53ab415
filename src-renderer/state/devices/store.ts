/**
 * The devices slice's store (UI.md §3.1): every device the broker knows, with presence and
 * counters; the resource list of each device from describe, cached for the tree; the tree's
 * filter, grouping, sort, expansion and multi-selection; which automatically accepted devices
 * were opened (their "new" badge goes). Updates live in fleet.ts (the list and presence),
 * resourceLists.ts (describe-all) and follow.ts (lifetimes).
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Device } from '@contract/schemas';
import { changedOnlyStorage } from '../changedOnlyStorage';
import type { GroupBy, ResourceList, SortKey, StatusFilter } from './model';

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
  /** How the tree groups devices (persisted). */
  groupBy: GroupBy;
  /** Group ids (treeRows `groupId`) the user collapsed. */
  collapsedGroups: Readonly<Record<string, true>>;
  expanded: Readonly<Record<string, true>>;
  /** Automatically accepted devices someone opened: no "new" badge any more (persisted). */
  opened: Readonly<Record<string, true>>;
  /** Width of the tree pane in px (persisted). */
  listWidth: number;
  /** The devices ticked in the tree for a bulk action (devices/selection.ts). */
  selection: Readonly<Record<string, true>>;
  /** The tree row a Shift range starts from: the last device row ticked or unticked alone. */
  selectionAnchor: string | null;
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
  groupBy: 'user',
  collapsedGroups: {},
  expanded: {},
  opened: {},
  listWidth: LIST_WIDTH.initial,
  selection: {},
  selectionAnchor: null,
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
      groupBy: s.groupBy,
    }),
  }),
);

// persist's setState returns a value (a promise for async storage); updates here ignore it.
export const setDevices = (
  patch: Partial<DevicesData> | ((s: DevicesData) => Partial<DevicesData> | DevicesData),
): void => {
  useDevices.setState(patch);
};
export const getDevices = useDevices.getState;

export const setFilter = (filter: string): void => setDevices({ filter });
export const setStatusFilter = (statusFilter: StatusFilter): void => setDevices({ statusFilter });
export const setSort = (sort: SortKey): void => setDevices({ sort });
export const setListWidth = (px: number): void =>
  setDevices({ listWidth: Math.round(Math.min(LIST_WIDTH.max, Math.max(LIST_WIDTH.min, px))) });
export const setNow = (now: number): void => setDevices({ now });

export const setGroupBy = (groupBy: GroupBy): void => setDevices({ groupBy });

export function setGroupExpanded(groupId: string, expanded: boolean): void {
  setDevices((s) => {
    const next = { ...s.collapsedGroups };
    if (expanded) delete next[groupId];
    else next[groupId] = true;
    return { collapsedGroups: next };
  });
}

/** Opening an automatically accepted device removes its "new" badge, for good. */
export function markOpened(key: string): void {
  const d = getDevices().devices[key];
  if (d?.autoRegistered && !getDevices().opened[key])
    setDevices((s) => ({ opened: { ...s.opened, [key]: true } }));
}

/**
 * Each device's resource list from describe-all (IOTMP.md §7.2), cached for the tree and the
 * device page: read on expanding and on reconnecting, never in a loop.
 */
import { deviceKey } from '@contract/deviceKey';
import { api } from '../../api/connection';
import { listChanges, resourcesFromDescribe, type ResourceList } from './model';
import { getDevices as get, setDevices as set } from './store';

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

/** Forgets the reads in flight (tests). */
export const resetResourceLists = (): void => describing.clear();

/**
 * The devices slice's lifetimes: the list and presence for the whole app, and while the tree is
 * on screen the clock and the counter poll (the contract has no counter topic, and UI.md wants
 * counters at most twice a second).
 */
import { deviceKey } from '@contract/deviceKey';
import { api, useConnection } from '../../api/connection';
import { applyPresence, refreshDevices, resetFleet } from './fleet';
import { ensureResources, resetResourceLists } from './resourceLists';
import {
  getDevices as get,
  initialDevicesData,
  setDevices as set,
  setNow,
  type DevicesData,
} from './store';

/**
 * Counters poll while the view is on screen: at most twice a second (UI.md §3.1, §3.2), once a
 * second beyond LARGE_FLEET devices, where each list read is larger.
 */
const LIST_POLL_MS = 500;
const LARGE_FLEET_POLL_MS = 1_000;
export const LARGE_FLEET = 200;
/** Relative ages and quiet detection are re-evaluated this often. */
const CLOCK_MS = 1_000;

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
  resetResourceLists();
  resetFleet();
  set({ ...initialDevicesData(), ...patch });
}

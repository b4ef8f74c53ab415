/**
 * Which devices are followed and for how long: the chosen devices (or, for "all", the most
 * active ones up to INSPECTOR_MAX_FOLLOWED), one `inspector.follow` subscription each while the
 * view is shown; a lost link or a left view reads only the gap when it comes back.
 */
import { api, useConnection } from '../../api/connection';
import { naturalCompare } from '../../format/naturalSort';
import { refreshDevices, splitKey, useDevices, type DevicesData } from '../devices';
import { flush, receive, recountPending } from './buffer';
import { c, raiseFloors, resetController } from './controller';
import { loadHistory } from './history';
import { initialData, INSPECTOR_MAX_FOLLOWED } from './slice';
import { useInspector as store } from './store';

const get = (): ReturnType<typeof store.getState> => store.getState();

/** Online devices first, then the most recently seen: who "all devices" follows when capped. */
function byActivity({ devices }: DevicesData): (a: string, b: string) => number {
  return (a, b) => {
    const x = devices[a]?.status;
    const y = devices[b]?.status;
    return (
      Number(y?.online ?? false) - Number(x?.online ?? false) ||
      (y?.lastSeen ?? 0) - (x?.lastSeen ?? 0) ||
      naturalCompare(a, b)
    );
  };
}

function syncFollows(): void {
  if (!c.running) return;
  const { selection, followed } = get();
  const devices = useDevices.getState();
  const wanted = selection.length ? [...selection] : [...devices.keys].sort(byActivity(devices));
  const chosen = wanted.slice(0, INSPECTOR_MAX_FOLLOWED);
  for (const [key, dispose] of [...c.follows])
    if (!chosen.includes(key)) {
      dispose();
      c.follows.delete(key);
    }
  for (const key of chosen) {
    if (c.follows.has(key)) continue;
    const [user, device] = splitKey(key);
    c.follows.set(
      key,
      api().on('inspector.follow', { user, device }, (f) => receive(store, key, f)),
    );
    loadHistory(key);
  }
  const capped = wanted.length > chosen.length;
  const same = chosen.length === followed.length && chosen.every((k, i) => k === followed[i]);
  if (!same || capped !== get().capped) store.setState({ followed: chosen, capped });
}

/** Devices chosen in the filter (the route's `?device=`); empty: all. */
export function setSelection(keys: readonly string[]): void {
  const prev = get().selection;
  if (prev.length === keys.length && prev.every((k, i) => k === keys[i])) return;
  store.setState({ selection: [...keys] });
  recountPending(store);
  syncFollows();
}

/**
 * Starts following while the view is shown; the returned function stops every subscription.
 * Frames stay in the buffer, and the gap is read from the broker when the view comes back.
 */
export function startInspector(): () => void {
  c.running = true;
  // The view opens live; frames held by a pause when it was left are shown now.
  if (get().paused) get().resume();
  // The app follows the device list (DeviceJumps); a device that appears is followed here too.
  const stopDevices = useDevices.subscribe((d, prev) => {
    if (d.keys !== prev.keys || (get().capped && d.devices !== prev.devices)) syncFollows();
  });
  const stopLink = useConnection.subscribe((s, prev) => {
    if (s.link === 'online' && prev.link !== 'online')
      for (const key of c.follows.keys()) loadHistory(key);
    if (s.link !== 'online' && prev.link === 'online') raiseFloors(c.follows.keys());
  });
  const { loaded, loading } = useDevices.getState();
  if (!loaded && !loading && useConnection.getState().link === 'online') void refreshDevices();
  syncFollows();
  c.stopEnvironment = () => {
    stopDevices();
    stopLink();
  };
  return stopInspector;
}

function stopInspector(): void {
  c.running = false;
  raiseFloors(c.follows.keys());
  c.stopEnvironment?.();
  c.stopEnvironment = null;
  for (const dispose of c.follows.values()) dispose();
  c.follows.clear();
  c.historyQueue.length = 0;
  if (c.flushTimer !== null) clearTimeout(c.flushTimer);
  flush(store);
  store.setState({ followed: [] });
}

/** Empties everything (tests, and a fresh start). */
export function resetInspector(): void {
  stopInspector();
  resetController();
  store.setState(initialData());
}

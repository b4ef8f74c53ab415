/**
 * The device list and presence (UI.md §3.1): kept live by the `devices.presence` topic (a device
 * that connects appears at once) and by list reads. A merge keeps the object of every device
 * whose fields did not change, so a row selecting its own device re-renders only when that
 * device changed.
 */
import { deviceKey } from '@contract/deviceKey';
import type { Device, DeviceStatus } from '@contract/schemas';
import { api } from '../../api/connection';
import { naturalSorted } from '../../format/naturalSort';
import { sameDevice } from './model';
import { pruneSelection } from './selection';
import { getDevices as get, setDevices as set, type DevicesData } from './store';

/** A device that connects is highlighted this long (none with reduced motion). */
export const HIGHLIGHT_MS = 1_000;

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
      // A removed device leaves the selection, so a bulk action never names it.
      ...(sameKeys ? {} : pruneSelection(s, devices)),
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

/** Forgets timers and the read in flight (tests). */
export function resetFleet(): void {
  listInFlight = null;
  highlightTimers.forEach((t) => clearTimeout(t));
  highlightTimers.clear();
}

/**
 * Describe-one (IOTMP.md §7.3) runs the handler on the device, so at most MAX_DETAILS_IN_FLIGHT
 * per device run at once (the broker allows 8, §10.1); panels queue, and one scrolled away before
 * its turn leaves the queue.
 */
import { deviceKey } from '@contract/deviceKey';
import { api } from '../../api/connection';
import {
  detailsFrom,
  MAX_DETAILS_IN_FLIGHT,
  resourceKey,
  type Details,
  type ResourceEntry,
} from './model';
import { entryOf, patchEntry, setResources } from './store';

interface DetailsJob {
  key: string;
  user: string;
  device: string;
  resource: string;
  refresh: boolean;
}

const queues = new Map<string, DetailsJob[]>();
const inFlight = new Map<string, number>();

export const detailsInFlight = (user: string, device: string): number =>
  inFlight.get(deviceKey(user, device)) ?? 0;

function pump(dev: string): void {
  const queue = queues.get(dev);
  while ((inFlight.get(dev) ?? 0) < MAX_DETAILS_IN_FLIGHT) {
    const job = queue?.shift();
    if (!job) break;
    inFlight.set(dev, (inFlight.get(dev) ?? 0) + 1);
    patchEntry(job.key, { detailsState: 'loading' });
    api()
      .resources.describe({
        user: job.user,
        device: job.device,
        resource: job.resource,
        ...(job.refresh ? { refresh: true } : {}),
      })
      .then(
        ({ value }) => applyDetails(job.key, detailsFrom(value), 'describe'),
        (error: unknown) => patchEntry(job.key, { detailsState: 'error', detailsError: error }),
      )
      .finally(() => {
        inFlight.set(dev, (inFlight.get(dev) ?? 1) - 1);
        pump(dev);
      });
  }
  if (queue && !queue.length) queues.delete(dev);
}

export function applyDetails(key: string, details: Details, source: 'describe'): void {
  const now = Date.now();
  const change: Partial<ResourceEntry> = {
    details,
    detailsAt: now,
    detailsState: 'ready',
    detailsError: null,
  };
  const e = entryOf(key);
  // The sample describe gives for an output stands until a read or run brings a newer one.
  if (details.out !== undefined && (e.outputAt === null || e.outputSource === 'describe'))
    Object.assign(change, { output: details.out, outputAt: now, outputSource: source });
  patchEntry(key, change);
}

/**
 * Asks for a resource's `in`/`out` (once; again with `refresh` or after an error). `refresh`
 * bypasses the broker's describe cache: the state of an input must be current.
 */
export function requestDetails(
  user: string,
  device: string,
  resource: string,
  options: { refresh?: boolean; force?: boolean } = {},
): void {
  const key = resourceKey(user, device, resource);
  const state = entryOf(key).detailsState;
  if (state === 'queued' || state === 'loading') return;
  if (state === 'ready' && !options.force) return;
  const dev = deviceKey(user, device);
  const queue = queues.get(dev) ?? [];
  queue.push({ key, user, device, resource, refresh: options.refresh ?? false });
  queues.set(dev, queue);
  patchEntry(key, { detailsState: 'queued' });
  pump(dev);
}

/** A panel scrolled away before its turn: its request leaves the queue. */
export function dropDetailsRequest(user: string, device: string, resource: string): void {
  const key = resourceKey(user, device, resource);
  const queue = queues.get(deviceKey(user, device));
  if (!queue) return;
  const i = queue.findIndex((j) => j.key === key);
  if (i < 0) return;
  queue.splice(i, 1);
  patchEntry(key, { detailsState: 'idle' });
}

/** After a reconnect every sample is old: panels in view ask again. */
export function invalidateDetails(user: string, device: string): void {
  const prefix = `${deviceKey(user, device)}\u0000`;
  setResources((s) => {
    const entries = { ...s.entries };
    for (const [key, e] of Object.entries(entries))
      if (key.startsWith(prefix) && e.detailsState !== 'queued' && e.detailsState !== 'loading')
        entries[key] = { ...e, detailsState: 'idle' };
    return { entries };
  });
}

/** Forgets the queues (tests). */
export function resetDetails(): void {
  queues.clear();
  inFlight.clear();
}

/**
 * History reads (UI.md §3.5): what the broker's ring kept for a followed device, read after the
 * newest frame seen (everything the first time), a few devices at a time, merged in time order
 * with what is already here. A ring that wrapped past the point asked for is flagged, and the
 * samples the broker did not keep of a device streaming too fast are noted with its feed.
 */
import type { CallResult } from '@contract/calls';
import { api } from '../../api/connection';
import { splitKey } from '../devices';
import { bounded, commit, patchFeed, rowOf } from './buffer';
import { c } from './controller';
import { emptyFeed } from './slice';
import { useInspector as store } from './store';

/** History reads in flight: one API socket allows 32 calls at once, shared with other views. */
const HISTORY_CONCURRENCY = 4;

/**
 * Merges frames read from the broker's ring with what is already here, oldest first, and keeps
 * what the broker says it thinned.
 */
function mergeHistory(
  key: string,
  { frames, thinned }: CallResult<'inspector.frames'>,
  afterSeq: number,
): void {
  const feed = store.getState().feeds[key] ?? emptyFeed();
  const first = frames[0];
  // The ring wrapped past what we asked for: frames between were overwritten (UI.md §3.5).
  const gap = first !== undefined && first.seq > afterSeq + 1;
  const present = new Set([...store.getState().frames, ...c.inbox, ...c.held].map((r) => r.id));
  const rows = frames.map((f) => rowOf(key, f)).filter((r) => !present.has(r.id));
  const last = frames[frames.length - 1];
  if (last && last.seq > (c.lastSeqs.get(key) ?? 0)) c.lastSeqs.set(key, last.seq);
  patchFeed(store, key, {
    loading: false,
    error: null,
    brokerDropped: feed.brokerDropped || gap,
    thinned,
  });
  if (!rows.length) return;
  const merged = [...store.getState().frames, ...rows].sort(
    (a, b) => a.frame.time - b.frame.time || a.n - b.n,
  );
  commit(store, bounded(store, merged));
}

function pumpHistory(): void {
  while (c.historyInFlight < HISTORY_CONCURRENCY && c.historyQueue.length) {
    const key = c.historyQueue.shift();
    if (key === undefined || !c.follows.has(key)) continue;
    c.historyInFlight++;
    const [user, device] = splitKey(key);
    const afterSeq = c.floors.get(key) ?? 0;
    patchFeed(store, key, { loading: true });
    api()
      .inspector.frames(afterSeq ? { user, device, afterSeq } : { user, device })
      .then(
        (read) => mergeHistory(key, read, afterSeq),
        (error: unknown) => patchFeed(store, key, { loading: false, error }),
      )
      .finally(() => {
        c.historyInFlight--;
        pumpHistory();
      });
  }
}

/** Reads what the broker kept since the last frame seen (everything the first time). */
export function loadHistory(key: string): void {
  if (!c.historyQueue.includes(key)) c.historyQueue.push(key);
  pumpHistory();
}

/**
 * The frame buffer (UI.md §3.5): live frames become rows, wait in an inbox and are appended in
 * batches at most 10 times a second; while paused they are held and counted; the buffer and the
 * held frames stay bounded, and what falls out is counted per device. The store is passed in, so
 * this module sits below the store whose actions call it.
 */
import { BoundedMap } from '@contract/BoundedMap';
import type { InspectedFrame } from '@contract/schemas';
import { applyFilter, frameMatcher } from '../../model/inspector/frameFilter';
import { REQUEST_TYPES, toRow, type FrameRow, type Pv } from '../../model/inspector/frameRow';
import { useDevices } from '../devices';
import { c } from './controller';
import {
  emptyFeed,
  INSPECTOR_BUFFER_FRAMES,
  INSPECTOR_FLUSH_MS,
  type DeviceFeed,
  type InspectorStore,
} from './slice';

/** Stream ids remembered per device to name the resource of answers and stream data. */
const STREAM_IDS_REMEMBERED = 256;

export function patchFeed(s: InspectorStore, key: string, patch: Partial<DeviceFeed>): void {
  const feeds = s.getState().feeds;
  s.setState({ feeds: { ...feeds, [key]: { ...(feeds[key] ?? emptyFeed()), ...patch } } });
}

/** The connection's protocol version (1 until the device has connected once). */
export const pvOf = (key: string): Pv =>
  useDevices.getState().devices[key]?.status.pv === 0 ? 0 : 1;

function selectionSet(s: InspectorStore): ReadonlySet<string> | null {
  const { selection } = s.getState();
  return selection.length ? new Set(selection) : null;
}

/** The rows the grid shows now. */
export const filtered = (s: InspectorStore): FrameRow[] =>
  applyFilter(s.getState().frames, s.getState().filter, selectionSet(s));

/** Whether the grid shows any row: stops at the first. */
export const anyShown = (s: InspectorStore): boolean =>
  s.getState().frames.some(frameMatcher(s.getState().filter, selectionSet(s)));

/** Builds a row, naming the resource of answers and stream data from their request. */
export function rowOf(key: string, frame: InspectedFrame): FrameRow {
  let ids = c.streamResources.get(key);
  if (!ids) c.streamResources.set(key, (ids = new BoundedMap(STREAM_IDS_REMEMBERED)));
  const id = frame.streamId;
  const same = `${frame.direction}:${id}`;
  const opposite = `${frame.direction === 'in' ? 'out' : 'in'}:${id}`;
  // Main names the stream of frames whose START_STREAM this console never saw (view opened later).
  const inherited =
    id === null ? null : (ids.get(opposite) ?? ids.get(same) ?? frame.resource ?? null);
  const row = toRow(key, frame, ++c.arrivals, pvOf(key), inherited);
  if (id !== null && row.resource !== null && REQUEST_TYPES.has(frame.type)) {
    ids.set(same, row.resource);
  }
  return row;
}

/** Counts rows the console let go, per device, in one store update. */
function countDropped(s: InspectorStore, rows: readonly FrameRow[]): void {
  const dropped = new Map<string, number>();
  for (const row of rows) dropped.set(row.device, (dropped.get(row.device) ?? 0) + 1);
  const feeds = { ...s.getState().feeds };
  for (const [key, n] of dropped) {
    const feed = feeds[key] ?? emptyFeed();
    feeds[key] = { ...feed, clientDropped: feed.clientDropped + n };
  }
  s.setState({ feeds });
}

/** Drops the oldest rows beyond the bound, counting them per device. */
export function bounded(s: InspectorStore, rows: FrameRow[]): FrameRow[] {
  const excess = rows.length - INSPECTOR_BUFFER_FRAMES;
  if (excess <= 0) return rows;
  countDropped(s, rows.slice(0, excess));
  return rows.slice(excess);
}

/** Sets the buffer; a selected frame that fell out of it is unselected. */
export function commit(s: InspectorStore, frames: FrameRow[]): void {
  const { selectedId } = s.getState();
  const keep = selectedId === null || frames.some((r) => r.id === selectedId);
  s.setState({ frames, ...(keep ? {} : { selectedId: null }) });
}

export const append = (s: InspectorStore, batch: readonly FrameRow[]): void =>
  commit(s, bounded(s, [...s.getState().frames, ...batch]));

/** While paused, counts the held frames the filters would show ("Jump to live (312 new)"). */
export function recountPending(s: InspectorStore): void {
  if (!s.getState().paused) return;
  const matches = frameMatcher(s.getState().filter, selectionSet(s));
  s.setState({ pendingShown: c.held.filter(matches).length });
}

export function flush(s: InspectorStore): void {
  c.flushTimer = null;
  c.lastFlushAt = Date.now();
  if (!c.inbox.length) return;
  const batch = c.inbox;
  c.inbox = [];
  if (!s.getState().paused) {
    append(s, batch);
    return;
  }
  c.held = c.held.concat(batch);
  if (c.held.length > INSPECTOR_BUFFER_FRAMES) {
    // Held frames are bounded too; what falls out is counted like any dropped frame.
    const over = c.held.slice(0, c.held.length - INSPECTOR_BUFFER_FRAMES);
    c.held = c.held.slice(over.length);
    countDropped(s, over);
  }
  recountPending(s);
}

export function receive(s: InspectorStore, key: string, frame: InspectedFrame): void {
  c.inbox.push(rowOf(key, frame));
  c.lastSeqs.set(key, frame.seq);
  if (c.flushTimer === null)
    c.flushTimer = setTimeout(
      () => flush(s),
      Math.max(0, c.lastFlushAt + INSPECTOR_FLUSH_MS - Date.now()),
    );
}

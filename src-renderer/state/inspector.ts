/**
 * The inspector slice (UI.md §3.5): the frames of the devices being followed, in one bounded
 * buffer, appended in batches at most 10 times a second however fast frames arrive; the filters
 * (persisted); live or paused (frames then wait, counted, until Resume or Jump to live); the
 * selected frame. History comes from `inspector.frames`, live frames from `inspector.follow`;
 * after a lost link, or when the view is opened again, the gap is read with `afterSeq`. Which
 * devices exist, and whether they are online, comes from the devices slice.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { InspectedFrame } from '@contract/schemas';
import { api, useConnection } from '../api/connection';
import {
  applyFilter,
  DEFAULT_FILTER,
  frameMatcher,
  type FrameFilter,
} from '../model/inspector/frameFilter';
import {
  REQUEST_TYPES,
  toRow,
  type FrameRow,
  type Pv,
  type TypeChip,
} from '../model/inspector/frameRow';
import { refreshDevices, splitKey, useDevices, type DevicesData } from './devices';
import { changedOnlyStorage } from './changedOnlyStorage';
import { naturalCompare } from '../format/naturalSort';
import { BoundedMap } from '@contract/BoundedMap';

/**
 * Frames kept in this console: 50 of the broker's 100-frame device rings, or several minutes of
 * a busy device; at most 2 KiB of hex each, so about 10 MB at worst.
 */
export const INSPECTOR_BUFFER_FRAMES = 5_000;
/** Rows are appended at most 10 times a second (UI.md §3.5): a 100 Hz stream cannot flood React. */
export const INSPECTOR_FLUSH_MS = 100;
/**
 * Devices followed at once when "all devices" is chosen: each is one subscription, and one API
 * socket holds 64 (API_HTTP_LIMITS), shared with charts, serial monitors and presence.
 */
export const INSPECTOR_MAX_FOLLOWED = 16;
/** History reads in flight: one API socket allows 32 calls at once, shared with other views. */
const HISTORY_CONCURRENCY = 4;
/** The detail pane below the grid: room for a field tree and a 1 KiB hex dump's first rows. */
export const DETAIL_HEIGHT = { initial: 280, min: 140, max: 900 } as const;
/** Stream ids remembered per device to name the resource of answers and stream data. */
const STREAM_IDS_REMEMBERED = 256;

export interface DeviceFeed {
  loading: boolean;
  error: unknown;
  /** The broker's ring had wrapped: frames before the first one kept are gone. */
  brokerDropped: boolean;
  /** Frames of this device this console's buffer dropped to stay bounded. */
  clientDropped: number;
}

export type PausedBy = 'user' | 'scroll';

export interface InspectorSlice {
  /** Devices chosen in the filter (from the route); empty: all. */
  selection: readonly string[];
  /** Devices whose frames are being followed now. */
  followed: readonly string[];
  /** "All devices" covers more devices than are followed (INSPECTOR_MAX_FOLLOWED). */
  capped: boolean;
  feeds: Readonly<Record<string, DeviceFeed>>;
  frames: readonly FrameRow[];
  filter: FrameFilter;
  /** null: live. Otherwise new frames are c.held until `resume`. */
  paused: PausedBy | null;
  /** Held frames that the filters would show: "Jump to live (312 new)". */
  pendingShown: number;
  selectedId: string | null;
  /** Height of the detail pane in px (persisted). */
  detailHeight: number;
  setDetailHeight(px: number): void;
  setFilter(patch: Partial<FrameFilter>): void;
  toggleType(chip: TypeChip): void;
  resetFilter(): void;
  select(id: string | null): void;
  pause(by: PausedBy): void;
  resume(): void;
  clear(): void;
}

type InspectorData = Omit<
  InspectorSlice,
  | 'setDetailHeight'
  | 'setFilter'
  | 'toggleType'
  | 'resetFilter'
  | 'select'
  | 'pause'
  | 'resume'
  | 'clear'
>;

const initialData = (): InspectorData => ({
  selection: [],
  followed: [],
  capped: false,
  feeds: {},
  frames: [],
  filter: DEFAULT_FILTER,
  paused: null,
  pendingShown: 0,
  selectedId: null,
  detailHeight: DETAIL_HEIGHT.initial,
});

const emptyFeed = (): DeviceFeed => ({
  loading: false,
  error: null,
  brokerDropped: false,
  clientDropped: 0,
});

export const useInspector = create<InspectorSlice>()(
  persist(
    (set, get) => ({
      ...initialData(),
      setDetailHeight(px) {
        set({
          detailHeight: Math.round(Math.min(DETAIL_HEIGHT.max, Math.max(DETAIL_HEIGHT.min, px))),
        });
      },
      setFilter(patch) {
        set({ filter: { ...get().filter, ...patch } });
        recountPending();
      },
      toggleType(chip) {
        const hidden = get().filter.hiddenTypes;
        get().setFilter({
          hiddenTypes: hidden.includes(chip) ? hidden.filter((c) => c !== chip) : [...hidden, chip],
        });
      },
      resetFilter() {
        set({ filter: DEFAULT_FILTER });
        recountPending();
      },
      select(id) {
        set({ selectedId: id });
      },
      pause(by) {
        const { paused } = get();
        // A pause the user asked for is not lifted by scrolling back to the bottom.
        if (paused === 'user') return;
        set({ paused: by });
      },
      resume() {
        const waiting = c.held;
        c.held = [];
        set({ paused: null, pendingShown: 0 });
        if (waiting.length) append(waiting);
      },
      clear() {
        c.held = [];
        c.inbox = [];
        const feeds: Record<string, DeviceFeed> = {};
        for (const [key, feed] of Object.entries(get().feeds))
          feeds[key] = { ...feed, brokerDropped: false, clientDropped: 0 };
        set({ frames: [], feeds, pendingShown: 0, selectedId: null });
      },
    }),
    {
      name: 'iotmp-studio.inspector',
      storage: changedOnlyStorage(),
      version: 1,
      // The text filter is not kept: rows hidden by a forgotten word at the next start confuse.
      partialize: (s) => ({ filter: { ...s.filter, text: '' }, detailHeight: s.detailHeight }),
    },
  ),
);

// The controller: subscriptions, batching and history reads, outside React --------------------

/**
 * The controller's working state in one object (issue 14 §4), so a reset is one assignment and
 * nothing is forgotten: frames waiting for the next batch, frames c.held while paused, timers,
 * subscriptions and the per-device bookkeeping of history reads.
 */
interface Controller {
  inbox: FrameRow[];
  held: FrameRow[];
  flushTimer: ReturnType<typeof setTimeout> | null;
  lastFlushAt: number;
  arrivals: number;
  running: boolean;
  follows: Map<string, () => void>;
  /** Per device, `<direction>:<stream id>` → resource of the request that used that id. */
  streamResources: Map<string, BoundedMap<string, string>>;
  /** Sequence of the newest frame seen per device. */
  lastSeqs: Map<string, number>;
  /**
   * Per device, the sequence after which history is read (`afterSeq`): 0 at first, then the
   * newest frame seen when following stopped (link lost, view left) or the list was cleared, so
   * only the gap is read back. Live frames arriving before that read do not move it.
   */
  floors: Map<string, number>;
  historyQueue: string[];
  historyInFlight: number;
  stopEnvironment: (() => void) | null;
}

const freshController = (): Controller => ({
  inbox: [],
  held: [],
  flushTimer: null,
  lastFlushAt: 0,
  arrivals: 0,
  running: false,
  follows: new Map(),
  streamResources: new Map(),
  lastSeqs: new Map(),
  floors: new Map(),
  historyQueue: [],
  historyInFlight: 0,
  stopEnvironment: null,
});

let c = freshController();

function raiseFloors(keys: Iterable<string>): void {
  for (const key of keys) {
    const seq = c.lastSeqs.get(key);
    if (seq !== undefined) c.floors.set(key, seq);
  }
}

const get = useInspector.getState;
const set = useInspector.setState;

function patchFeed(key: string, patch: Partial<DeviceFeed>): void {
  const feeds = get().feeds;
  set({ feeds: { ...feeds, [key]: { ...(feeds[key] ?? emptyFeed()), ...patch } } });
}

/** The connection's protocol version (1 until the device has connected once). */
const pvOf = (key: string): Pv => (useDevices.getState().devices[key]?.status.pv === 0 ? 0 : 1);

function selectionSet(): ReadonlySet<string> | null {
  const { selection } = get();
  return selection.length ? new Set(selection) : null;
}

/** The rows the grid shows now (what Export saves). */
export const shownFrames = (): FrameRow[] =>
  applyFilter(get().frames, get().filter, selectionSet());

/** Whether the grid shows any row: stops at the first, for actions checked on every render. */
export const hasShownFrames = (): boolean =>
  get().frames.some(frameMatcher(get().filter, selectionSet()));

/** A device's protocol version, for decoding its bytes again. */
export const pvOfDevice = (key: string): Pv => pvOf(key);

/** Builds a row, naming the resource of answers and stream data from their request. */
function rowOf(key: string, frame: InspectedFrame): FrameRow {
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
function countDropped(rows: readonly FrameRow[]): void {
  const dropped = new Map<string, number>();
  for (const row of rows) dropped.set(row.device, (dropped.get(row.device) ?? 0) + 1);
  const feeds = { ...get().feeds };
  for (const [key, n] of dropped) {
    const feed = feeds[key] ?? emptyFeed();
    feeds[key] = { ...feed, clientDropped: feed.clientDropped + n };
  }
  set({ feeds });
}

/** Drops the oldest rows beyond the bound, counting them per device. */
function bounded(rows: FrameRow[]): FrameRow[] {
  const excess = rows.length - INSPECTOR_BUFFER_FRAMES;
  if (excess <= 0) return rows;
  countDropped(rows.slice(0, excess));
  return rows.slice(excess);
}

/** Sets the buffer; a selected frame that fell out of it is unselected. */
function commit(frames: FrameRow[]): void {
  const { selectedId } = get();
  const keep = selectedId === null || frames.some((r) => r.id === selectedId);
  set({ frames, ...(keep ? {} : { selectedId: null }) });
}

const append = (batch: readonly FrameRow[]): void => commit(bounded([...get().frames, ...batch]));

function recountPending(): void {
  if (!get().paused) return;
  const matches = frameMatcher(get().filter, selectionSet());
  set({ pendingShown: c.held.filter(matches).length });
}

function flush(): void {
  c.flushTimer = null;
  c.lastFlushAt = Date.now();
  if (!c.inbox.length) return;
  const batch = c.inbox;
  c.inbox = [];
  if (!get().paused) {
    append(batch);
    return;
  }
  c.held = c.held.concat(batch);
  if (c.held.length > INSPECTOR_BUFFER_FRAMES) {
    // Held frames are bounded too; what falls out is counted like any dropped frame.
    const over = c.held.slice(0, c.held.length - INSPECTOR_BUFFER_FRAMES);
    c.held = c.held.slice(over.length);
    countDropped(over);
  }
  recountPending();
}

function receive(key: string, frame: InspectedFrame): void {
  c.inbox.push(rowOf(key, frame));
  c.lastSeqs.set(key, frame.seq);
  if (c.flushTimer === null)
    c.flushTimer = setTimeout(flush, Math.max(0, c.lastFlushAt + INSPECTOR_FLUSH_MS - Date.now()));
}

/** Merges frames read from the broker's ring with what is already here, oldest first. */
function mergeHistory(key: string, frames: readonly InspectedFrame[], afterSeq: number): void {
  const feed = get().feeds[key] ?? emptyFeed();
  const first = frames[0];
  // The ring wrapped past what we asked for: frames between were overwritten (UI.md §3.5).
  const gap = first !== undefined && first.seq > afterSeq + 1;
  const present = new Set([...get().frames, ...c.inbox, ...c.held].map((r) => r.id));
  const rows = frames.map((f) => rowOf(key, f)).filter((r) => !present.has(r.id));
  const last = frames[frames.length - 1];
  if (last && last.seq > (c.lastSeqs.get(key) ?? 0)) c.lastSeqs.set(key, last.seq);
  patchFeed(key, { loading: false, error: null, brokerDropped: feed.brokerDropped || gap });
  if (!rows.length) return;
  const merged = [...get().frames, ...rows].sort(
    (a, b) => a.frame.time - b.frame.time || a.n - b.n,
  );
  commit(bounded(merged));
}

function pumpHistory(): void {
  while (c.historyInFlight < HISTORY_CONCURRENCY && c.historyQueue.length) {
    const key = c.historyQueue.shift()!;
    if (!c.follows.has(key)) continue;
    c.historyInFlight++;
    const [user, device] = splitKey(key);
    const afterSeq = c.floors.get(key) ?? 0;
    patchFeed(key, { loading: true });
    api()
      .inspector.frames(afterSeq ? { user, device, afterSeq } : { user, device })
      .then(
        ({ frames }) => mergeHistory(key, frames, afterSeq),
        (error: unknown) => patchFeed(key, { loading: false, error }),
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

/** Online devices first, then the most recently seen: who "all devices" c.follows when capped. */
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
      api().on('inspector.follow', { user, device }, (f) => receive(key, f)),
    );
    loadHistory(key);
  }
  const capped = wanted.length > chosen.length;
  const same = chosen.length === followed.length && chosen.every((k, i) => k === followed[i]);
  if (!same || capped !== get().capped) set({ followed: chosen, capped });
}

/** Devices chosen in the filter (the route's `?device=`); empty: all. */
export function setSelection(keys: readonly string[]): void {
  const prev = get().selection;
  if (prev.length === keys.length && prev.every((k, i) => k === keys[i])) return;
  set({ selection: [...keys] });
  recountPending();
  syncFollows();
}

/**
 * Starts following while the view is shown; the returned function stops every subscription.
 * Frames stay in the buffer, and the gap is read from the broker when the view comes back.
 */
export function startInspector(): () => void {
  c.running = true;
  // The view opens live; frames c.held by a pause when it was left are shown now.
  if (get().paused) get().resume();
  // The app c.follows the device list (DeviceJumps); a device that appears is followed here too.
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
  flush();
  set({ followed: [] });
}

/** Empties everything (tests, and a fresh start). */
export function resetInspector(): void {
  stopInspector();
  c = freshController();
  set(initialData());
}

/**
 * The inspector slice's shape and bounds (UI.md §3.5): what the store holds, its actions and the
 * limits that keep the buffer, the subscriptions and the history reads bounded.
 */
import type { StoreApi } from 'zustand';
import type { ThinnedSamples } from '@contract/schemas';
import { DEFAULT_FILTER, type FrameFilter } from '../../model/inspector/frameFilter';
import type { FrameRow, TypeChip } from '../../model/inspector/frameRow';

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
export { DETAIL_HEIGHT } from '../../model/inspector/detailLayout';

export interface DeviceFeed {
  loading: boolean;
  error: unknown;
  /** The broker's ring had wrapped: frames before the first one kept are gone. */
  brokerDropped: boolean;
  /** Frames of this device this console's buffer dropped to stay bounded. */
  clientDropped: number;
  /**
   * Samples the broker's history of this device did not keep because it streamed too fast, as
   * of the last history read (null: none): gaps in its frames that are not lost frames.
   */
  thinned: ThinnedSamples | null;
}

type PausedBy = 'user' | 'scroll';

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
  /** null: live. Otherwise new frames are held until `resume`. */
  paused: PausedBy | null;
  /** Held frames that the filters would show: "Jump to live (312 new)". */
  pendingShown: number;
  selectedId: string | null;
  /** Height of the detail pane in px as the user dragged it (persisted); null: automatic. */
  detailHeight: number | null;
  setDetailHeight(px: number | null): void;
  setFilter(patch: Partial<FrameFilter>): void;
  toggleType(chip: TypeChip): void;
  resetFilter(): void;
  select(id: string | null): void;
  pause(by: PausedBy): void;
  resume(): void;
  clear(): void;
}

/** The store, handed to the buffer's functions (they sit below the store that calls them). */
export type InspectorStore = StoreApi<InspectorSlice>;

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

export const initialData = (): InspectorData => ({
  selection: [],
  followed: [],
  capped: false,
  feeds: {},
  frames: [],
  filter: DEFAULT_FILTER,
  paused: null,
  pendingShown: 0,
  selectedId: null,
  detailHeight: null,
});

export const emptyFeed = (): DeviceFeed => ({
  loading: false,
  error: null,
  brokerDropped: false,
  clientDropped: 0,
  thinned: null,
});

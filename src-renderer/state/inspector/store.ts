/** The inspector store (UI.md §3.5): the slice, its actions and what of it is persisted. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { DEFAULT_FILTER } from '../../model/inspector/frameFilter';
import type { FrameRow, Pv } from '../../model/inspector/frameRow';
import { changedOnlyStorage } from '../changedOnlyStorage';
import { anyShown, append, filtered, pvOf, recountPending } from './buffer';
import { c } from './controller';
import { DETAIL_HEIGHT, initialData, type DeviceFeed, type InspectorSlice } from './slice';

export const useInspector = create<InspectorSlice>()(
  persist(
    (set, get, store) => ({
      ...initialData(),
      setDetailHeight(px) {
        const h = px === null ? null : Math.min(DETAIL_HEIGHT.max, Math.max(DETAIL_HEIGHT.min, px));
        set({ detailHeight: h === null ? null : Math.round(h) });
      },
      setFilter(patch) {
        set({ filter: { ...get().filter, ...patch } });
        recountPending(store);
      },
      toggleType(chip) {
        const hidden = get().filter.hiddenTypes;
        get().setFilter({
          hiddenTypes: hidden.includes(chip) ? hidden.filter((t) => t !== chip) : [...hidden, chip],
        });
      },
      resetFilter() {
        set({ filter: DEFAULT_FILTER });
        recountPending(store);
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
        if (waiting.length) append(store, waiting);
      },
      clear() {
        c.held = [];
        c.inbox = [];
        const feeds: Record<string, DeviceFeed> = {};
        for (const [key, feed] of Object.entries(get().feeds))
          feeds[key] = { ...feed, brokerDropped: false, clientDropped: 0, thinned: null };
        set({ frames: [], feeds, pendingShown: 0, selectedId: null });
      },
    }),
    {
      name: 'iotmp-studio.inspector',
      storage: changedOnlyStorage(),
      // 2: the detail height is automatic until dragged; version 1 stored 280 by default.
      version: 2,
      migrate: (persisted, version) => {
        const old = persisted as Partial<InspectorSlice>;
        return version < 2 ? { ...old, detailHeight: null } : old;
      },
      // The text filter is not kept: rows hidden by a forgotten word at the next start confuse.
      partialize: (s) => ({ filter: { ...s.filter, text: '' }, detailHeight: s.detailHeight }),
    },
  ),
);

/** The rows the grid shows now (what Export saves). */
export const shownFrames = (): FrameRow[] => filtered(useInspector);

/** Whether the grid shows any row: stops at the first, for actions checked on every render. */
export const hasShownFrames = (): boolean => anyShown(useInspector);

/** A device's protocol version, for decoding its bytes again. */
export const pvOfDevice = (key: string): Pv => pvOf(key);

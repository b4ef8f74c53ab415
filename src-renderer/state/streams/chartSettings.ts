/** Chart settings per (device, resource), kept across restarts in local storage. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { DEFAULT_CHART_SETTINGS, type ChartSettings } from './chartModel';

/** Resources remembered; the oldest settings go first (local storage is small). */
const MAX_REMEMBERED = 200;

interface ChartSettingsSlice {
  byChart: Record<string, Partial<ChartSettings>>;
  of(id: string): ChartSettings;
  set(id: string, change: Partial<ChartSettings>): void;
}

export const useChartSettings = create<ChartSettingsSlice>()(
  persist(
    (set, get) => ({
      byChart: {},
      of: (id) => ({ ...DEFAULT_CHART_SETTINGS, ...get().byChart[id] }),
      set: (id, change) =>
        set((s) => {
          const rest = { ...s.byChart };
          const merged = { ...rest[id], ...change };
          delete rest[id];
          const keys = Object.keys(rest);
          for (const old of keys.slice(0, Math.max(0, keys.length + 1 - MAX_REMEMBERED)))
            delete rest[old];
          return { byChart: { ...rest, [id]: merged } };
        }),
    }),
    { name: 'iotmp-studio.charts', version: 1, partialize: (s) => ({ byChart: s.byChart }) },
  ),
);

/** The Recent firmware list (last 10 files, their text within a budget), kept locally. */
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';

export const RECENT_MAX = 10;
/**
 * A file's text is kept with its Recent entry up to this size, and all kept texts together up to
 * RECENT_TEXT_BUDGET_CHARS: local storage holds about 5 MB per origin, shared with every other
 * view's drafts. A hello or big .hex (under 80 kB) is kept; a full Mega image (~720 kB) is not.
 */
export const RECENT_TEXT_MAX_CHARS = 256_000;
export const RECENT_TEXT_BUDGET_CHARS = 1_000_000;

export interface RecentFirmware {
  name: string;
  sizeBytes: number;
  sha256: string;
  /** When it was last chosen (ms since the epoch). */
  usedAt: number;
  /** The .hex text, or null when it was too large to keep. */
  text: string | null;
}

export interface RecentFirmwareSlice {
  entries: readonly RecentFirmware[];
  add(entry: Omit<RecentFirmware, 'text'>, text: string): void;
  remove(sha256: string): void;
}

/** The Recent list after choosing a file: newest first, one entry per SHA-256, texts in budget. */
export function addRecent(
  entries: readonly RecentFirmware[],
  entry: Omit<RecentFirmware, 'text'>,
  text: string,
): RecentFirmware[] {
  const next = [
    { ...entry, text: text.length <= RECENT_TEXT_MAX_CHARS ? text : null },
    ...entries.filter((e) => e.sha256 !== entry.sha256),
  ].slice(0, RECENT_MAX);
  let budget = RECENT_TEXT_BUDGET_CHARS;
  return next.map((e) => {
    if (e.text === null) return e;
    if (e.text.length > budget) return { ...e, text: null };
    budget -= e.text.length;
    return e;
  });
}

/** localStorage that gives up the kept texts rather than the list when the quota is reached. */
const tolerantStorage: StateStorage = {
  getItem: (name) => localStorage.getItem(name),
  removeItem: (name) => localStorage.removeItem(name),
  setItem(name, value) {
    try {
      localStorage.setItem(name, value);
    } catch {
      const parsed = JSON.parse(value) as { state: { entries: RecentFirmware[] } };
      parsed.state.entries = parsed.state.entries.map((e) => ({ ...e, text: null }));
      try {
        localStorage.setItem(name, JSON.stringify(parsed));
      } catch {
        // Storage is full or off: the list lives for this session only.
      }
    }
  },
};

export const useRecentFirmware = create<RecentFirmwareSlice>()(
  persist(
    (set) => ({
      entries: [],
      add: (entry, text) => set((s) => ({ entries: addRecent(s.entries, entry, text) })),
      remove: (sha256) => set((s) => ({ entries: s.entries.filter((e) => e.sha256 !== sha256) })),
    }),
    {
      name: 'iotmp-studio.recent-firmware',
      version: 1,
      storage: createJSONStorage(() => tolerantStorage),
      partialize: (s) => ({ entries: s.entries }),
    },
  ),
);

export const recentText = (sha256: string): string | null =>
  useRecentFirmware.getState().entries.find((e) => e.sha256 === sha256)?.text ?? null;

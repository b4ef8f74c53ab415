/**
 * The resources slice's store (UI.md §3.2, §3.4): per (device, resource) the describe-one sample,
 * the last output, the call in flight and its outcome, the actuator's armed state; and, persisted
 * in local storage, the drafts of input forms, the last 10 values sent and the "Ask before
 * changing" marks. The resource list itself comes from the devices slice (describe-all).
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Value } from '@contract/schemas';
import { changedOnlyStorage } from '../changedOnlyStorage';
import { emptyEntry, type ResourceEntry, type SavedDraft } from './model';

export interface ResourcesData {
  entries: Readonly<Record<string, ResourceEntry>>;
  /** The outcome of the user's own Run or Send, for the one polite live region. */
  announcement: { text: string; seq: number } | null;
  drafts: Readonly<Record<string, SavedDraft>>;
  history: Readonly<Record<string, readonly Value[]>>;
  /** "Ask before changing", where the user set it (else the default of `askByDefault`). */
  ask: Readonly<Record<string, boolean>>;
}

export const initialResourcesData = (): ResourcesData => ({
  entries: {},
  announcement: null,
  drafts: {},
  history: {},
  ask: {},
});

export const useResources = create<ResourcesData>()(
  persist(initialResourcesData, {
    name: 'iotmp-studio.resources',
    storage: changedOnlyStorage(),
    version: 1,
    partialize: (s) => ({ drafts: s.drafts, history: s.history, ask: s.ask }),
  }),
);

const getResources = useResources.getState;
export const setResources = (fn: (s: ResourcesData) => Partial<ResourcesData>): void => {
  useResources.setState(fn);
};

export function patchEntry(key: string, change: Partial<ResourceEntry>): void {
  setResources((s) => ({
    entries: { ...s.entries, [key]: { ...(s.entries[key] ?? emptyEntry), ...change } },
  }));
}

export const entryOf = (key: string): ResourceEntry => getResources().entries[key] ?? emptyEntry;

/** The outcome of the user's own Run or Send, said once in the polite live region. */
export function announce(text: string): void {
  setResources((s) => ({ announcement: { text, seq: (s.announcement?.seq ?? 0) + 1 } }));
}

/** "Ask before changing" set by the user for one resource. */
export function setAsk(key: string, value: boolean): void {
  setResources((s) => ({ ask: { ...s.ask, [key]: value } }));
}

/**
 * The broker settings slice (UI.md §3.6, §3.10): "accept new devices" with the auto-off time last
 * chosen (kept locally; the timer itself runs in main), and the endpoints being edited. Edited
 * endpoints are a persisted draft until saved, so typing survives navigation and restarts, and a
 * save that fails keeps them as typed.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Settings } from '@contract/schemas';
import { api } from '../api/connection';
import { whenOnline } from './admin';
import { useBroker } from './brokerStatus';

/** UI.md §3.6: 15 min / 1 h / 8 h / never (null). */
export const AUTO_OFF_CHOICES: readonly (number | null)[] = [900_000, 3_600_000, 28_800_000, null];
const DEFAULT_AUTO_OFF_MS = 3_600_000;
/** After main's deadline, when the slice asks again (main's timer has fired by then). */
const AFTER_DEADLINE_MS = 500;

export type EndpointMethod = 'POST' | 'PUT' | 'GET';

export interface EndpointDraft {
  /** Stable row id for React keys (names change while typed). */
  id: string;
  name: string;
  url: string;
  method: EndpointMethod;
  /** One `Name: value` per line. */
  headers: string;
  /** Body template (`{{field}}` from the call's data); empty: `{device, endpoint, data}`. */
  body?: string;
  /** Fields this editor does not show (Thinger's name, description, enabled, created), kept. */
  rest?: Omit<Settings['endpoints'][string], 'url' | 'method' | 'headers' | 'body' | 'modified'>;
}

export interface SettingsSlice {
  settings: Settings | null;
  loadError: unknown;
  acceptPending: boolean;
  acceptError: unknown;
  /** The auto-off time for the next switch-on (null: never). */
  autoOffMs: number | null;
  /** Endpoints as being edited; null: not edited, the saved ones are shown. */
  endpointDrafts: EndpointDraft[] | null;
  endpointsPending: boolean;
  endpointsError: unknown;
  refresh(): Promise<void>;
  setAccept(on: boolean): Promise<void>;
  setAutoOff(ms: number | null): Promise<void>;
  editEndpoints(drafts: EndpointDraft[]): void;
  revertEndpoints(): void;
  /** Saves `endpoints` (already validated); true on success. */
  saveEndpoints(endpoints: Settings['endpoints']): Promise<boolean>;
}

let deadlineTimer: ReturnType<typeof setTimeout> | null = null;

/** Main turns the switch off by itself; ask again just after, so every view shows it. */
function followDeadline(settings: Settings): void {
  if (deadlineTimer) clearTimeout(deadlineTimer);
  deadlineTimer = null;
  const until = settings.acceptNewDevicesUntil;
  if (!settings.acceptNewDevices || until === null) return;
  deadlineTimer = setTimeout(
    () => {
      deadlineTimer = null;
      void useSettings.getState().refresh();
      void useBroker.getState().refresh();
    },
    Math.max(0, until - Date.now()) + AFTER_DEADLINE_MS,
  );
}

export const useSettings = create<SettingsSlice>()(
  persist(
    (set, get) => {
      const received = (settings: Settings): void => {
        set({ settings, loadError: null });
        followDeadline(settings);
      };
      const changeAccept = async (on: boolean, forMs: number | null): Promise<void> => {
        set({ acceptPending: true, acceptError: null });
        try {
          received(
            await api().settings.update({ acceptNewDevices: on, acceptNewDevicesForMs: forMs }),
          );
          void useBroker.getState().refresh();
        } catch (acceptError) {
          set({ acceptError });
        } finally {
          set({ acceptPending: false });
        }
      };
      return {
        settings: null,
        loadError: null,
        acceptPending: false,
        acceptError: null,
        autoOffMs: DEFAULT_AUTO_OFF_MS,
        endpointDrafts: null,
        endpointsPending: false,
        endpointsError: null,
        async refresh() {
          try {
            received(await api().settings.get({}));
          } catch (loadError) {
            set({ loadError });
          }
        },
        setAccept: (on) => changeAccept(on, on ? get().autoOffMs : null),
        async setAutoOff(autoOffMs) {
          set({ autoOffMs });
          // Already on: the new time counts from now.
          if (get().settings?.acceptNewDevices) await changeAccept(true, autoOffMs);
        },
        editEndpoints: (endpointDrafts) => set({ endpointDrafts, endpointsError: null }),
        revertEndpoints: () => set({ endpointDrafts: null, endpointsError: null }),
        async saveEndpoints(endpoints) {
          set({ endpointsPending: true, endpointsError: null });
          try {
            received(await api().settings.update({ endpoints }));
            set({ endpointDrafts: null });
            return true;
          } catch (endpointsError) {
            set({ endpointsError });
            return false;
          } finally {
            set({ endpointsPending: false });
          }
        },
      };
    },
    {
      name: 'iotmp-studio.settings',
      version: 1,
      partialize: (s) => ({ autoOffMs: s.autoOffMs, endpointDrafts: s.endpointDrafts }),
    },
  ),
);

/** Reads the settings now (when the link is up) and each time the link comes back. */
export const followSettings = (): (() => void) =>
  whenOnline(() => void useSettings.getState().refresh());

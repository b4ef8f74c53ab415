/**
 * The devices admin slice (UI.md §3.6): registered devices with their presence, the add-device
 * draft and default user (kept in local storage: never lose what was typed, but never a
 * credential), and the credential being shown once (memory only, until the user closes it, so
 * leaving the view and coming back does not lose it).
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { deviceKey } from '@contract/deviceKey';
import type { Device, RejectedConnection } from '@contract/schemas';
import { api, useConnection } from '../api/connection';
import { useBroker } from './brokerStatus';
import { naturalCompare } from '../format/naturalSort';

export interface DeviceKey {
  user: string;
  device: string;
}

export interface AddDraft {
  user: string;
  device: string;
  name: string;
  /** Generated in the renderer (default), or typed by the user. */
  credentialMode: 'generate' | 'type';
}

/** A credential to show once: after devices.add or devices.resetCredential. */
export interface Reveal extends DeviceKey {
  credential: string;
  reason: 'added' | 'reset';
}

export interface AdminSlice {
  devices: Device[] | null;
  loadError: unknown;
  loading: boolean;
  reveal: Reveal | null;
  /** Connections the broker refused since it started, oldest first. */
  rejected: RejectedConnection[] | null;
  rejectedError: unknown;
  draft: AddDraft;
  /** The user an empty add form starts with (Settings → Devices). */
  defaultUser: string;
  refresh(): Promise<void>;
  refreshRejected(): Promise<void>;
  setDraft(patch: Partial<AddDraft>): void;
  setDefaultUser(user: string): void;
  /** Adds a device and reveals its credential; throws the API error as is. */
  add(input: DeviceKey & { name?: string; credential: string }): Promise<void>;
  resetCredential(key: DeviceKey, credential: string): Promise<void>;
  /** Deletes each; resolves with the failures (the rows of those stay as they were). */
  remove(keys: DeviceKey[]): Promise<{ key: string; error: unknown }[]>;
  closeReveal(): void;
}

const emptyDraft = (user: string): AddDraft => ({
  user,
  device: '',
  name: '',
  credentialMode: 'generate',
});

const upsert = (list: Device[] | null, device: Device): Device[] =>
  [...(list ?? []).filter((d) => d.key !== device.key), device].sort((a, b) =>
    naturalCompare(a.key, b.key),
  );

export const useAdmin = create<AdminSlice>()(
  persist(
    (set, get) => ({
      devices: null,
      loadError: null,
      loading: false,
      reveal: null,
      rejected: null,
      rejectedError: null,
      draft: emptyDraft(''),
      defaultUser: '',
      async refresh() {
        set({ loading: true });
        try {
          const { devices } = await api().devices.list({});
          set({ devices, loadError: null, loading: false });
        } catch (loadError) {
          set({ loadError, loading: false });
        }
      },
      async refreshRejected() {
        try {
          const { rejected } = await api().devices.rejected({});
          set({ rejected, rejectedError: null });
        } catch (rejectedError) {
          set({ rejectedError });
        }
      },
      setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
      setDefaultUser: (defaultUser) =>
        set((s) => ({
          defaultUser,
          // An untouched draft follows the new default.
          draft: s.draft.user === s.defaultUser ? { ...s.draft, user: defaultUser } : s.draft,
        })),
      async add({ user, device, name, credential }) {
        const result = await api().devices.add({
          user,
          device,
          ...(name ? { name } : {}),
          credential,
        });
        set((s) => ({
          devices: upsert(s.devices, result.device),
          reveal: { user, device, credential: result.credential, reason: 'added' },
          draft: emptyDraft(s.defaultUser || user),
        }));
        void useBroker.getState().refresh();
      },
      async resetCredential(key, credential) {
        const result = await api().devices.resetCredential({
          user: key.user,
          device: key.device,
          credential,
        });
        set({
          reveal: {
            user: key.user,
            device: key.device,
            credential: result.credential,
            reason: 'reset',
          },
        });
        // The row's "reset … ago" and its presence (main closes a live connection).
        void get().refresh();
      },
      async remove(keys) {
        const failures: { key: string; error: unknown }[] = [];
        const removed = new Set<string>();
        for (const key of keys) {
          try {
            await api().devices.remove({ user: key.user, device: key.device });
            removed.add(deviceKey(key));
          } catch (error) {
            failures.push({ key: deviceKey(key), error });
          }
        }
        set((s) => ({ devices: s.devices?.filter((d) => !removed.has(d.key)) ?? null }));
        if (removed.size) void useBroker.getState().refresh();
        return failures;
      },
      closeReveal: () => set({ reveal: null }),
    }),
    {
      name: 'iotmp-studio.admin',
      version: 1,
      partialize: (s) => ({ draft: s.draft, defaultUser: s.defaultUser }),
    },
  ),
);

/**
 * Refused connections have no event topic; while the admin view is open they are read again this
 * often (a local call answered from memory).
 */
const REJECTED_POLL_MS = 5_000;

/**
 * Runs `read` now when the link is up, and again each time it comes back: calls made before the
 * console's WebSocket is open fail at once (UNAVAILABLE), and the banner already says so.
 */
export function whenOnline(read: () => void): () => void {
  if (useConnection.getState().link === 'online') read();
  return useConnection.subscribe((s, prev) => {
    if (s.link === 'online' && prev.link !== 'online') read();
  });
}

/**
 * Keeps the list fresh while the admin view is open: presence changes patch a row, a device never
 * seen before (registered by Accept new devices) reloads the list, and so does a returning link.
 */
export function followAdmin(): () => void {
  const read = (): void => {
    const { refresh, refreshRejected } = useAdmin.getState();
    void refresh();
    void refreshRejected();
  };
  const stopLink = whenOnline(read);
  const poll = setInterval(() => {
    if (useConnection.getState().link === 'online') void useAdmin.getState().refreshRejected();
  }, REJECTED_POLL_MS);
  const stopPresence = api().on('devices.presence', {}, ({ user, device, status }) => {
    const list = useAdmin.getState().devices;
    const key = deviceKey(user, device);
    if (!list?.some((d) => d.key === key)) return void useAdmin.getState().refresh();
    useAdmin.setState({ devices: list.map((d) => (d.key === key ? { ...d, status } : d)) });
  });
  return () => {
    clearInterval(poll);
    stopPresence();
    stopLink();
  };
}

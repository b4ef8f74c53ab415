/**
 * The broker slice: listeners, TLS fingerprint, counts, accept-new-devices, for the status bar
 * and the empty states. Refreshed when a device comes or goes and when the link returns.
 */
import { create } from 'zustand';
import type { BrokerStatus } from '@contract/schemas';
import { api, useConnection } from '../api/connection';

export interface BrokerSlice {
  status: BrokerStatus | null;
  error: unknown;
  refresh(): Promise<void>;
}

export const useBroker = create<BrokerSlice>((set) => ({
  status: null,
  error: null,
  async refresh() {
    try {
      set({ status: await api().broker.status({}), error: null });
    } catch (error) {
      set({ error });
    }
  },
}));

/** Keeps the slice fresh while the app runs; returns the disposer. */
export function followBrokerStatus(): () => void {
  const { refresh } = useBroker.getState();
  void refresh();
  const stopPresence = api().on('devices.presence', {}, () => void refresh());
  const stopLink = useConnection.subscribe((s, prev) => {
    if (s.link === 'online' && prev.link !== 'online') void refresh();
  });
  return () => {
    stopPresence();
    stopLink();
  };
}

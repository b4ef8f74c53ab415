/**
 * The serial slice's actions (UI.md §3.9): one feed per open port, each with its own buffers,
 * so ports never cross-talk; opening, closing and clearing monitors; and following the monitors
 * main has open across reloads and reconnects.
 */
import type { LineEnding, MonitorInfo } from '@contract/serialSchemas';
import { api, useConnection } from '../../api/connection';
import { MonitorFeed } from './MonitorFeed';
import { problemOf, reportedState } from './model';
import { addTab, initialSerial, patchMonitor, removeTab, useSerial } from './store';

const feeds = new Map<string, MonitorFeed>();

/** The feed of `port`, made on first use; its buffer outlives the view (re-read on return). */
export function feedOf(port: string): MonitorFeed {
  let feed = feeds.get(port);
  if (!feed) {
    feed = new MonitorFeed(port);
    feeds.set(port, feed);
  }
  return feed;
}

/** Forgets every feed (tests). */
export function resetSerial(): void {
  for (const f of feeds.values()) f.detach();
  feeds.clear();
  useSerial.setState(initialSerial());
}

/** Tabs for the monitors main has open (opened here, elsewhere, or before a reload). */
async function loadMonitors(): Promise<void> {
  try {
    const { monitors } = await api().serial.monitors({});
    for (const m of monitors) {
      addTab(m.port);
      patchMonitor(m.port, reportedState(m));
    }
  } finally {
    useSerial.setState({ loaded: true });
  }
}

/** The last serial.open per port: a newer one waits for it, so the last choice wins in main. */
const opening = new Map<string, Promise<unknown>>();

/**
 * Opens (or re-configures) the monitor on `port` and gives it a tab. Calls for one port run in
 * order: a rate picked while the first opening is still under way is applied after it.
 */
export async function openMonitor(
  port: string,
  baudRate: number,
  lineEnding: LineEnding,
): Promise<MonitorInfo> {
  addTab(port);
  const before = opening.get(port) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(() => api().serial.open({ port, baudRate, lineEnding }));
  opening.set(port, run);
  try {
    const info = await run;
    patchMonitor(port, { ...reportedState(info), openError: null });
    return info;
  } catch (e) {
    patchMonitor(port, { openError: problemOf(e) });
    throw e;
  } finally {
    if (opening.get(port) === run) opening.delete(port);
  }
}

/** Closes the monitor and its tab; the buffer goes with it. */
export async function closeMonitor(port: string): Promise<void> {
  removeTab(port);
  feeds.get(port)?.detach();
  feeds.delete(port);
  await api().serial.close({ port });
}

export async function clearMonitor(port: string): Promise<void> {
  feedOf(port).clear();
  await api().serial.clear({ port });
}

/** Re-reads the monitors when the link returns (feeds re-subscribe by themselves). */
export function followMonitors(): () => void {
  void loadMonitors().catch(() => undefined);
  return useConnection.subscribe((s, prev) => {
    if (s.link !== 'online' || prev.link === 'online') return;
    void loadMonitors().catch(() => undefined);
    for (const feed of feeds.values()) if (feed.attached) void feed.catchUp();
  });
}

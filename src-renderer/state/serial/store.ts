/**
 * The serial slice's store (UI.md §3.9): the tabs, each port's monitor state and the frozen
 * display rows. The rows themselves never go through it (see MonitorFeed); a port's `version`
 * tells the views that its rows changed.
 */
import { create } from 'zustand';
import { initialMonitor, type MonitorState } from './model';

interface SerialSlice {
  /** Ports with a tab, in the order they were opened. */
  tabs: readonly string[];
  monitors: Readonly<Record<string, MonitorState>>;
  /** Absolute row index the display is frozen at (Pause display), per port. */
  frozenAt: Readonly<Record<string, number | null>>;
  /** serial.monitors answered once (before that a route's port cannot tell if it is open). */
  loaded: boolean;
}

export const initialSerial = (): SerialSlice => ({
  tabs: [],
  monitors: {},
  frozenAt: {},
  loaded: false,
});

export const useSerial = create<SerialSlice>(initialSerial);

export const monitorOf = (port: string): MonitorState =>
  useSerial.getState().monitors[port] ?? initialMonitor();

export function patchMonitor(port: string, patch: Partial<MonitorState>): void {
  useSerial.setState((s) => ({
    monitors: { ...s.monitors, [port]: { ...(s.monitors[port] ?? initialMonitor()), ...patch } },
  }));
}

/** Tells the views that `port`'s rows changed (with whatever else changed). */
export const bumpMonitor = (port: string, patch: Partial<MonitorState> = {}): void =>
  patchMonitor(port, { ...patch, version: monitorOf(port).version + 1 });

export const addTab = (port: string): void =>
  useSerial.setState((s) => (s.tabs.includes(port) ? s : { tabs: [...s.tabs, port] }));

/** Drops the tab and the monitor state of `port`. */
export function removeTab(port: string): void {
  useSerial.setState((s) => {
    const monitors = { ...s.monitors };
    delete monitors[port];
    return { tabs: s.tabs.filter((p) => p !== port), monitors };
  });
}

export function setFrozen(port: string, at: number | null): void {
  useSerial.setState((s) => ({ frozenAt: { ...s.frozenAt, [port]: at } }));
}

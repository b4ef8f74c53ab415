/**
 * Serial monitor settings per port, kept in this browser (UI.md §3.9): line ending, view,
 * timestamps, autoscroll, the send history and the send line as typed. The baud rate is not
 * here: main remembers it per board (serialDefaults.ts).
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { LineEnding } from '@contract/serialSchemas';

/** Lines sent kept per port for Up/Down. */
export const MAX_HISTORY = 50;

/** How the output is shown: lines, a hex dump, or the plotter (numbers in the lines charted). */
export type SerialViewMode = 'text' | 'hex' | 'plot';

export interface PortSettings {
  lineEnding: LineEnding;
  view: SerialViewMode;
  timestamps: boolean;
  autoscroll: boolean;
  sendHex: boolean;
}

const DEFAULT_PORT_SETTINGS: PortSettings = {
  lineEnding: 'lf',
  view: 'text',
  timestamps: false,
  autoscroll: true,
  sendHex: false,
};

export interface SerialSettingsSlice {
  ports: Readonly<Record<string, PortSettings>>;
  /** Lines sent per port, newest last, at most MAX_HISTORY. */
  history: Readonly<Record<string, readonly string[]>>;
  /** The send line as typed, per port. */
  drafts: Readonly<Record<string, string>>;
  update(port: string, patch: Partial<PortSettings>): void;
  remember(port: string, line: string): void;
  setDraft(port: string, text: string): void;
}

/** The send history after sending `line`: no repeat of the last entry, newest last, bounded. */
export function pushHistory(history: readonly string[], line: string): string[] {
  const next = history[history.length - 1] === line ? [...history] : [...history, line];
  return next.slice(-MAX_HISTORY);
}

export const useSerialSettings = create<SerialSettingsSlice>()(
  persist(
    (set) => ({
      ports: {},
      history: {},
      drafts: {},
      update: (port, patch) =>
        set((s) => ({
          ports: { ...s.ports, [port]: { ...DEFAULT_PORT_SETTINGS, ...s.ports[port], ...patch } },
        })),
      remember: (port, line) =>
        set((s) => ({
          history: { ...s.history, [port]: pushHistory(s.history[port] ?? [], line) },
        })),
      setDraft: (port, text) => set((s) => ({ drafts: { ...s.drafts, [port]: text } })),
    }),
    {
      name: 'iotmp-studio.serial',
      version: 1,
      partialize: (s) => ({ ports: s.ports, history: s.history, drafts: s.drafts }),
    },
  ),
);

export const settingsOf = (port: string): PortSettings => ({
  ...DEFAULT_PORT_SETTINGS,
  ...useSerialSettings.getState().ports[port],
});

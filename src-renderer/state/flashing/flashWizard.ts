/**
 * The Flash flow's own state: the chosen firmware, the boards picked for it and the options,
 * kept locally so a selection survives navigation and a restart.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BoardId } from '@contract/serialSchemas';
import type { FirmwareInfo } from '@contract/flashSchemas';
import { recentText } from './recentFirmware';

export type FlashStep = 'firmware' | 'boards' | 'flash';

export interface TargetChoice {
  selected: boolean;
  board: BoardId | null;
}

export interface ChosenFirmware {
  name: string;
  info: FirmwareInfo;
}

/**
 * A board that needs other firmware than the one flashed (a one-click fix after a wrong chip or
 * a wrong board): step 1 asks for the file built for it, naming what the last file was built for.
 */
interface WantedFirmware {
  port: string;
  board: BoardId;
  boardName: string;
  /** "ATmega328P (Uno, Nano)": what the last file was built for, when it said. */
  previous: string | null;
}

export interface FlashWizardSlice {
  step: FlashStep;
  firmware: ChosenFirmware | null;
  /**
   * The firmware as sent to main (firmwarePayload): a .hex's text, or ESP .bin files as the JSON
   * of their list; in memory only (the Recent list may keep a copy).
   */
  text: string | null;
  targets: Readonly<Record<string, TargetChoice>>;
  verify: boolean;
  backup: boolean;
  /** Folder on the machine running main. */
  backupDir: string;
  /** The job step 3 shows (this session's; after a reload, the newest running one). */
  jobId: string | null;
  /** Set by a fix that needs firmware for another chip; cleared when step 1 moves on. */
  wanted: WantedFirmware | null;
  set(patch: Partial<Omit<FlashWizardSlice, 'set' | 'choose' | 'chooseFirmware'>>): void;
  choose(port: string, patch: Partial<TargetChoice>): void;
  chooseFirmware(firmware: ChosenFirmware, text: string): void;
}

/** A fresh flow: no firmware, nothing picked, verify on, no backup (UI.md §3.8 defaults). */
export const WIZARD_DEFAULTS = {
  step: 'firmware',
  firmware: null,
  text: null,
  targets: {},
  verify: true,
  backup: false,
  backupDir: '',
  jobId: null,
  wanted: null,
} as const satisfies Omit<FlashWizardSlice, 'set' | 'choose' | 'chooseFirmware'>;

export const useFlashWizard = create<FlashWizardSlice>()(
  persist(
    (set) => ({
      ...WIZARD_DEFAULTS,
      set: (patch) => set(patch),
      choose: (port, patch) =>
        set((s) => ({
          targets: {
            ...s.targets,
            [port]: { ...(s.targets[port] ?? { selected: false, board: null }), ...patch },
          },
        })),
      chooseFirmware: (firmware, text) => set({ firmware, text }),
    }),
    {
      name: 'iotmp-studio.flash',
      version: 1,
      partialize: (s) => ({
        step: s.step === 'flash' ? 'boards' : s.step,
        firmware: s.firmware,
        targets: s.targets,
        verify: s.verify,
        backup: s.backup,
        backupDir: s.backupDir,
      }),
      onRehydrateStorage: () => (state) => {
        if (!state?.firmware || state.text) return;
        // The text comes back from the Recent list when it was small enough to keep.
        const text = recentText(state.firmware.info.sha256);
        if (text) state.chooseFirmware(state.firmware, text);
        else state.set({ firmware: null, step: 'firmware' });
      },
    },
  ),
);

/** The firmware's text for a new job; null when it has to be chosen again. */
export const firmwareText = (): string | null => useFlashWizard.getState().text;

/** An ESP file as the Flash flow keeps it: its bytes as base64, its offset when one was set. */
export interface EspFileChoice {
  name: string;
  data: string;
  offset?: number;
}

/** ESP files as the flow's `text`: the JSON of their list (a .hex never starts with `[`). */
export const espFilesText = (files: readonly EspFileChoice[]): string => JSON.stringify(files);

/** What flash.inspectFirmware and flash.start take for a kept text: `hex`, or ESP `files`. */
export function firmwarePayload(
  text: string,
): { hex: string; files?: undefined } | { files: EspFileChoice[]; hex?: undefined } {
  if (!text.startsWith('[')) return { hex: text };
  return { files: JSON.parse(text) as EspFileChoice[] };
}

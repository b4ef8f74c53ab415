/**
 * The flashing slice (UI.md §3.8): flash jobs as main reports them (`flash.jobs`, then
 * `flash.progress` reduced into them), each board's log lines, and the Flash flow's own state:
 * the chosen firmware, the boards picked for it and the options, kept locally so a selection
 * survives navigation and a restart, plus the Recent firmware list.
 */
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import type { BoardId } from '@contract/serialSchemas';
import type {
  FirmwareInfo,
  FlashBoardState,
  FlashEvent,
  FlashJobInfo,
} from '@contract/flashSchemas';
import { api, useConnection } from '../api/connection';
import { sharedFollower } from './sharedFollower';

/** Log lines kept per board of a job; main keeps its own bounded log for `flash.jobs`. */
export const MAX_LOG_LINES = 500;

export const logKey = (jobId: string, port: string): string => `${jobId}\n${port}`;

export interface FlashingSlice {
  /** Newest first, as `flash.jobs` answers. */
  jobs: readonly FlashJobInfo[];
  /**
   * This console's clock when each board's progress last arrived (by logKey), so elapsed time
   * keeps counting between events without comparing two machines' clocks.
   */
  heardAt: Readonly<Record<string, number>>;
  logs: Readonly<Record<string, readonly string[]>>;
  loadError: unknown;
  refresh(): Promise<void>;
  apply(event: FlashEvent): void;
  loadLog(jobId: string): Promise<void>;
}

const patchBoard = (
  job: FlashJobInfo,
  port: string,
  patch: (b: FlashBoardState) => FlashBoardState,
): FlashJobInfo => ({
  ...job,
  boards: job.boards.map((b) => (b.port === port ? patch(b) : b)),
});

/** One `flash.progress` event applied to the jobs (pure; the store and its tests use it). */
export function reduceFlashJobs(
  jobs: readonly FlashJobInfo[],
  event: FlashEvent,
): readonly FlashJobInfo[] {
  switch (event.kind) {
    case 'job': {
      const rest = jobs.filter((j) => j.id !== event.job.id);
      return [event.job, ...rest].sort((a, b) => b.startedAt - a.startedAt);
    }
    case 'progress': {
      const { kind: _kind, jobId, port, ...progress } = event;
      void _kind;
      return jobs.map((j) =>
        j.id === jobId ? patchBoard(j, port, (b) => (b.result ? b : { ...b, ...progress })) : j,
      );
    }
    case 'result':
      return jobs.map((j) =>
        j.id === event.jobId
          ? patchBoard(j, event.port, (b) => ({
              ...b,
              result: event.result,
              remainingMs: null,
              elapsedMs: event.result.durationMs,
              ...(event.result.ok ? { percent: 100, phase: 'done' as const } : {}),
            }))
          : j,
      );
    case 'log':
    case 'gap':
      return jobs;
  }
}

export interface JobCounts {
  total: number;
  running: number;
  verified: number;
  written: number;
  failed: number;
  cancelled: number;
  /** Mean of the boards' percentages. */
  percent: number;
}

/** Counts from the boards themselves, so they are right between `job` events. */
export function countJob(job: FlashJobInfo): JobCounts {
  const boards = job.boards;
  const n = (f: (b: FlashBoardState) => boolean): number => boards.filter(f).length;
  return {
    total: boards.length,
    running: n((b) => b.result === null),
    verified: n((b) => b.result?.ok === true && b.result.verified),
    written: n((b) => b.result?.ok === true && !b.result.verified),
    failed: n((b) => b.result?.ok === false && b.result.error.code !== 'CANCELLED'),
    cancelled: n((b) => b.result?.ok === false && b.result.error.code === 'CANCELLED'),
    percent: boards.length ? boards.reduce((s, b) => s + b.percent, 0) / boards.length : 0,
  };
}

export const isRunning = (job: FlashJobInfo): boolean =>
  job.running && job.boards.some((b) => b.result === null);

/** Ports a running job still refers to (they stay listed after an unplug). */
export function portsInRunningJobs(jobs: readonly FlashJobInfo[]): Set<string> {
  return new Set(jobs.filter(isRunning).flatMap((j) => j.boards.map((b) => b.port)));
}

const appendLog = (
  logs: Readonly<Record<string, readonly string[]>>,
  key: string,
  line: string,
): Record<string, readonly string[]> => {
  const lines = [...(logs[key] ?? []), line];
  return { ...logs, [key]: lines.length > MAX_LOG_LINES ? lines.slice(-MAX_LOG_LINES) : lines };
};

export const useFlashing = create<FlashingSlice>((set, get) => ({
  jobs: [],
  heardAt: {},
  logs: {},
  loadError: null,
  async refresh() {
    try {
      const { jobs } = await api().flash.jobs({});
      const now = Date.now();
      const heardAt: Record<string, number> = {};
      for (const j of jobs) for (const b of j.boards) heardAt[logKey(j.id, b.port)] = now;
      set({ jobs, heardAt, loadError: null });
    } catch (loadError) {
      set({ loadError });
    }
  },
  apply(event) {
    if (event.kind === 'gap') {
      void get().refresh();
      return;
    }
    if (event.kind === 'log') {
      set((s) => ({ logs: appendLog(s.logs, logKey(event.jobId, event.port), event.line) }));
      return;
    }
    const now = Date.now();
    set((s) => {
      const heardAt = { ...s.heardAt };
      if (event.kind === 'job')
        for (const b of event.job.boards) heardAt[logKey(event.job.id, b.port)] = now;
      else heardAt[logKey(event.jobId, event.port)] = now;
      return { jobs: reduceFlashJobs(s.jobs, event), heardAt };
    });
  },
  async loadLog(jobId) {
    const { jobs } = await api().flash.jobs({ jobId, log: true });
    const job = jobs[0];
    if (!job) return;
    set((s) => {
      const logs = { ...s.logs };
      for (const b of job.boards) if (b.log) logs[logKey(job.id, b.port)] = b.log;
      return { logs };
    });
  },
}));

/** Keeps the jobs live (flash.progress, a refresh when the link returns); shared, ref-counted. */
export const followFlashing = sharedFollower(() => {
  void useFlashing.getState().refresh();
  const off = api().on('flash.progress', {}, (e) => useFlashing.getState().apply(e));
  const offLink = useConnection.subscribe((s, prev) => {
    if (s.link === 'online' && prev.link !== 'online') void useFlashing.getState().refresh();
  });
  return () => {
    off();
    offLink();
  };
});

// ── Recent firmware ──────────────────────────────────────────────────────────────────────────

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

// ── The Flash flow ───────────────────────────────────────────────────────────────────────────

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
export interface WantedFirmware {
  port: string;
  board: BoardId;
  boardName: string;
  /** "ATmega328P (Uno, Nano)": what the last file was built for, when it said. */
  previous: string | null;
}

export interface FlashWizardSlice {
  step: FlashStep;
  firmware: ChosenFirmware | null;
  /** The .hex text of `firmware`; in memory only (the Recent list may keep a copy). */
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

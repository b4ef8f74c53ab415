/**
 * The flash jobs store: jobs as main reports them (`flash.jobs`, then `flash.progress` reduced
 * into them by ./flashJobs) and each board's log lines.
 */
import { create } from 'zustand';
import type { FlashEvent, FlashJobInfo } from '@contract/flashSchemas';
import { api, useConnection } from '../../api/connection';
import { sharedFollower } from '../sharedFollower';
import { appendLog, logKey, reduceFlashJobs } from './flashJobs';

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

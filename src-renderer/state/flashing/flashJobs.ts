/** Flash jobs as a model (pure): `flash.progress` events reduced into jobs, counts, logs. */
import type { FlashBoardState, FlashEvent, FlashJobInfo } from '@contract/flashSchemas';

/** Log lines kept per board of a job; main keeps its own bounded log for `flash.jobs`. */
export const MAX_LOG_LINES = 500;

export const logKey = (jobId: string, port: string): string => `${jobId}\n${port}`;

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

export const appendLog = (
  logs: Readonly<Record<string, readonly string[]>>,
  key: string,
  line: string,
): Record<string, readonly string[]> => {
  const lines = [...(logs[key] ?? []), line];
  return { ...logs, [key]: lines.length > MAX_LOG_LINES ? lines.slice(-MAX_LOG_LINES) : lines };
};

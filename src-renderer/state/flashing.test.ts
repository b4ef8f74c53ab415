// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, installFakeApi } from '../testing/fakeApi';
import { boardState, job, VERIFIED, WRONG_BOARD } from '../views/boards/testing';
import {
  addRecent,
  countJob,
  followFlashing,
  logKey,
  MAX_LOG_LINES,
  portsInRunningJobs,
  RECENT_MAX,
  RECENT_TEXT_BUDGET_CHARS,
  RECENT_TEXT_MAX_CHARS,
  reduceFlashJobs,
  useFlashing,
} from './flashing';

const verified = VERIFIED;
const wrongBoard = WRONG_BOARD;

afterEach(() => useFlashing.setState({ jobs: [], logs: {}, loadError: null }));

describe('flash jobs: progress reduction', () => {
  it('a job, then progress per board, then results: counts and percent follow', () => {
    let jobs = reduceFlashJobs([], {
      kind: 'job',
      job: job('7', [boardState('/dev/a'), boardState('/dev/b', { board: 'uno' })]),
    });
    jobs = reduceFlashJobs(jobs, {
      kind: 'progress',
      jobId: '7',
      port: '/dev/a',
      phase: 'writing',
      percent: 40,
      phaseDone: 10_000,
      phaseTotal: 25_344,
      bytesPerSecond: 11_200,
      elapsedMs: 2_000,
      remainingMs: 3_000,
    });
    expect(jobs[0]!.boards[0]).toMatchObject({
      phase: 'writing',
      percent: 40,
      bytesPerSecond: 11_200,
    });
    expect(jobs[0]!.boards[1]).toMatchObject({ phase: 'resetting', percent: 0 });
    expect(countJob(jobs[0]!)).toMatchObject({ total: 2, running: 2, percent: 20 });
    expect(portsInRunningJobs(jobs)).toEqual(new Set(['/dev/a', '/dev/b']));

    jobs = reduceFlashJobs(jobs, { kind: 'result', jobId: '7', port: '/dev/a', result: verified });
    jobs = reduceFlashJobs(jobs, {
      kind: 'result',
      jobId: '7',
      port: '/dev/b',
      result: wrongBoard,
    });
    expect(jobs[0]!.boards[0]).toMatchObject({
      phase: 'done',
      percent: 100,
      elapsedMs: 6100,
      remainingMs: null,
    });
    expect(countJob(jobs[0]!)).toMatchObject({ running: 0, verified: 1, failed: 1, cancelled: 0 });

    // A late progress event never undoes a result.
    jobs = reduceFlashJobs(jobs, {
      kind: 'progress',
      jobId: '7',
      port: '/dev/a',
      phase: 'verifying',
      percent: 90,
      phaseDone: 1,
      phaseTotal: 2,
      bytesPerSecond: 1,
      elapsedMs: 1,
      remainingMs: 1,
    });
    expect(jobs[0]!.boards[0]).toMatchObject({ phase: 'done', percent: 100 });
  });

  it("jobs stay newest first; another job's events leave a job alone", () => {
    let jobs = reduceFlashJobs([], {
      kind: 'job',
      job: job('1', [boardState('/dev/a')], { startedAt: 1 }),
    });
    jobs = reduceFlashJobs(jobs, {
      kind: 'job',
      job: job('2', [boardState('/dev/b')], { startedAt: 2 }),
    });
    expect(jobs.map((j) => j.id)).toEqual(['2', '1']);
    const same = reduceFlashJobs(jobs, {
      kind: 'result',
      jobId: '9',
      port: '/dev/a',
      result: verified,
    });
    expect(same[1]).toBe(jobs[1]);
  });

  it('follows flash.progress: log lines are kept per board (bounded), a gap reloads the jobs', async () => {
    let listed = 0;
    const fake = installFakeApi(
      fakeApi({
        'flash.jobs': () => {
          listed++;
          return { jobs: [job('3', [boardState('/dev/a')])] };
        },
      }),
    );
    const stop = followFlashing();
    await vi.waitFor(() => expect(useFlashing.getState().jobs).toHaveLength(1));
    for (let i = 0; i < MAX_LOG_LINES + 5; i++)
      fake.emit('flash.progress', {
        kind: 'log',
        jobId: '3',
        port: '/dev/a',
        t: i,
        line: `line ${i}`,
      });
    const log = useFlashing.getState().logs[logKey('3', '/dev/a')]!;
    expect(log).toHaveLength(MAX_LOG_LINES);
    expect(log.at(-1)).toBe(`line ${MAX_LOG_LINES + 4}`);
    fake.emit('flash.progress', { kind: 'gap', dropped: 12 });
    await vi.waitFor(() => expect(listed).toBe(2));
    stop();
    expect(fake.subscriptions('flash.progress')).toEqual([]);
  });
});

describe('Recent firmware', () => {
  const entry = (n: number) => ({ name: `fw${n}.hex`, sizeBytes: n, sha256: `sha${n}`, usedAt: n });

  it('keeps the last 10, newest first, one entry per SHA-256', () => {
    let list = addRecent([], entry(1), ':00000001FF');
    for (let i = 2; i <= 12; i++) list = addRecent(list, entry(i), ':00000001FF');
    list = addRecent(list, entry(5), ':00000001FF');
    expect(list).toHaveLength(RECENT_MAX);
    expect(list.map((e) => e.name).slice(0, 3)).toEqual(['fw5.hex', 'fw12.hex', 'fw11.hex']);
  });

  it('keeps a text only when small enough, and all texts within the budget (newest first)', () => {
    const big = 'x'.repeat(RECENT_TEXT_MAX_CHARS + 1);
    expect(addRecent([], entry(1), big)[0]!.text).toBeNull();
    const chunk = 'y'.repeat(RECENT_TEXT_MAX_CHARS);
    let list = addRecent([], entry(1), chunk);
    const fit = Math.floor(RECENT_TEXT_BUDGET_CHARS / RECENT_TEXT_MAX_CHARS);
    for (let i = 2; i <= fit + 1; i++) list = addRecent(list, entry(i), chunk);
    expect(list.filter((e) => e.text !== null)).toHaveLength(fit);
    expect(list.at(-1)!.text).toBeNull(); // the oldest gave up its text
  });
});

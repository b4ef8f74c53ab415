/** The `commission.progress` topic: each run's snapshot, throttled per run, bounded when paused. */
import type { CommissionEvent } from '../../contract';
import type { CommissionServices } from '../../commission/CommissionServices';
import { knownRun } from './commissionRuns';
import type { TopicsOf } from './types';

/** Snapshots of one run sent at most this often while its boards report progress. */
const COMMISSION_PROGRESS_MIN_MS = 100;

export function progressTopic(commission: CommissionServices): TopicsOf<'commission'> {
  return {
    'commission.progress': ({ runId }, listener) => {
      if (runId !== undefined) knownRun(commission, runId);
      // Every event is the whole run, so while the transport is busy only each run's latest
      // snapshot waits: bounded by the runs kept, never by how fast boards report.
      const waiting = new Map<string, CommissionEvent>();
      let paused = false;
      const deliver = (e: CommissionEvent) => {
        if (paused) waiting.set(e.run.id, e);
        else if (listener(e) === false) paused = true;
      };
      const timers = new Map<string, NodeJS.Timeout>();
      const last = new Map<string, number>();
      const send = (id: string) => {
        timers.delete(id);
        last.set(id, Date.now());
        const r = commission.run(id);
        if (r) deliver({ run: r.info() });
      };
      const off = commission.onRun((r) => {
        if (runId !== undefined && r.id !== runId) return;
        if (timers.has(r.id)) return;
        const wait = COMMISSION_PROGRESS_MIN_MS - (Date.now() - (last.get(r.id) ?? 0));
        // The run's end is sent at once so nobody waits on a throttle for the final state.
        if (wait <= 0 || r.endedAt !== null) send(r.id);
        else
          timers.set(
            r.id,
            setTimeout(() => send(r.id), wait),
          );
      });
      return {
        resume: () => {
          paused = false;
          for (const [id, e] of waiting) {
            waiting.delete(id);
            deliver(e);
            if (paused) break;
          }
        },
        close: () => {
          off();
          for (const t of timers.values()) clearTimeout(t);
        },
      };
    },
  };
}

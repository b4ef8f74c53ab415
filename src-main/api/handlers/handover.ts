/**
 * The contract's `handover.*` calls and the `handover.progress` topic, mapped to the hand-over
 * jobs. The server's token goes in with `handover.start` and never comes back out.
 */
import { ApiError, ApiErrorCode, type HandoverJob } from '../../contract';
import { HandoverJobError } from '../../handover/HandoverJobs';
import type { HandoverServices } from '../../services/types';
import type { CallsOf, TopicsOf } from './types';

export function handoverHandlers(handover: HandoverServices): {
  calls: CallsOf<'handover'>;
  topics: TopicsOf<'handover'>;
} {
  const mapped = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof HandoverJobError) throw new ApiError(ApiErrorCode[e.code], e.message);
      throw e;
    }
  };
  return {
    calls: {
      'handover.get': () => ({ server: handover.server(), jobs: handover.jobs() }),
      'handover.start': (request) => mapped(() => ({ job: handover.start(request) })),
      'handover.boards': ({ site }) => mapped(() => ({ boards: handover.boards(site) })),
      'handover.cancel': ({ jobId }) => mapped(() => ({ cancelled: handover.cancel(jobId) })),
    },
    topics: {
      // Each event is the whole job: while the transport is busy only the newest of each waits.
      'handover.progress': (_params, listener) => {
        let busy = false;
        const pending = new Map<string, HandoverJob>();
        const send = (job: HandoverJob): void => {
          if (busy) pending.set(job.id, job);
          else if (listener({ job }) === false) busy = true;
        };
        const off = handover.events.on('job', send);
        return {
          resume() {
            busy = false;
            const waiting = [...pending.values()];
            pending.clear();
            for (const job of waiting) send(job);
          },
          close: off,
        };
      },
    },
  };
}

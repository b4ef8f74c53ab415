/**
 * The Site view's hand-overs: the stored production server, this session's jobs (newest first) and
 * each job as it grows (handover.progress), read once the link to main is up.
 */
import { useCallback, useEffect, useState } from 'react';
import type { HandoverJob, HandoverServer } from '@contract/handoverCalls';
import { api } from '../../api/connection';

export interface Handovers {
  server: HandoverServer | null;
  jobs: readonly HandoverJob[];
  /** A started job: shown first, and its target remembered with its token. */
  started(job: HandoverJob): void;
}

export function useHandovers(usable: boolean): Handovers {
  const [server, setServer] = useState<HandoverServer | null>(null);
  const [jobs, setJobs] = useState<readonly HandoverJob[]>([]);
  const showJob = useCallback(
    (job: HandoverJob): void => setJobs((js) => [job, ...js.filter((j) => j.id !== job.id)]),
    [],
  );
  const started = (job: HandoverJob): void => {
    showJob(job);
    setServer({ target: job.target, tokenSet: true });
  };

  useEffect(() => {
    if (!usable) return;
    let off: (() => void) | undefined;
    try {
      off = api().on('handover.progress', {}, (e) => showJob(e.job));
    } catch {
      off = undefined;
    }
    void api()
      .handover.get({})
      .then((r) => {
        setServer(r.server);
        setJobs(r.jobs);
      })
      .catch(() => {});
    return off;
  }, [usable, showJob]);

  return { server, jobs, started };
}

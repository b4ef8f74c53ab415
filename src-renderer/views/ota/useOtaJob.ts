/**
 * The OTA job on screen, live from `ota.progress` while it runs and linked; the final record
 * (ota.jobs) once it has finished.
 */
import { useEffect, useState } from 'react';
import type { OtaJob } from '@contract/otaCalls';
import { api, useConnection } from '../../api/connection';

export function useOtaJob(onError: (e: unknown) => void): {
  job: OtaJob | null;
  setJob: (job: OtaJob | null) => void;
} {
  const [job, setJob] = useState<OtaJob | null>(null);
  const linked = useConnection((c) => c.link === 'online');
  const jobId = job?.id ?? null;
  const jobRunning = job !== null && job.finished === null;
  useEffect(() => {
    if (jobId === null || !jobRunning || !linked) return;
    const id = jobId;
    return api().on('ota.progress', { jobId: id }, (e) => {
      if (e.finished) {
        void api()
          .ota.jobs({ jobId: id })
          .then((r) => setJob(r.jobs[0] ?? null), onError);
        return;
      }
      const d = e.device;
      if (!d) return;
      setJob((j) =>
        j && j.id === id
          ? { ...j, devices: j.devices.map((x) => (x.device === d.device ? d : x)) }
          : j,
      );
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onError is the view's setState, stable
  }, [jobId, jobRunning, linked]);
  return { job, setJob };
}

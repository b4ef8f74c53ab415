/**
 * A hand-over as the UI sees it (contract HandoverJob): a new job before anything is copied, and
 * the run's report copied into it as it grows.
 */
import type { HandoverJob } from '../contract';
import type { HandoverReport } from './Handover';

export function newHandoverJob(
  id: string,
  target: string,
  site: string | null,
  startedAt: number,
  total: number,
): HandoverJob {
  return {
    id,
    target,
    site,
    state: 'copying',
    startedAt,
    finishedAt: null,
    watchUntil: null,
    total,
    devices: [],
    buckets: [],
    endpoints: [],
    reconnected: 0,
    error: null,
    reportFile: null,
  };
}

const pick = (r: {
  user: string;
  created: 'created' | 'exists' | 'failed';
  error: string | null;
}) => ({
  user: r.user,
  created: r.created,
  error: r.error,
});

/** The report so far, copied into the job (it is emitted, so nothing is shared). */
export function showReport(job: HandoverJob, report: HandoverReport): void {
  job.devices = report.devices.map((d) => ({
    user: d.user,
    device: d.device,
    credential: d.credential,
    created: d.created,
    properties: d.properties,
    ...(d.newCredential !== undefined ? { newCredential: d.newCredential } : {}),
    reprovisioning: d.reprovisioning && { ...d.reprovisioning },
    reconnectedAt: d.reconnectedAt,
    error: d.error,
  }));
  job.buckets = report.buckets.map((b) => ({ ...pick(b), name: b.bucket }));
  job.endpoints = report.endpoints.map((e) => ({ ...pick(e), name: e.endpoint }));
  job.reconnected = report.devices.filter((d) => d.reconnectedAt !== null).length;
}

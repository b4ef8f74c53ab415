/** A hand-over job's status line and "what was copied" line, in words (pure). */
import type { HandoverJob } from '@contract/handoverCalls';
import { messages } from '../../messages';

const t = messages.handover;

/** "2 min 5 s", "40 s": time left to wait for the devices. */
function left(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** Copying, watching (with the time left at `now`), done, cancelled or failed, with counts. */
export function statusText(job: HandoverJob, now: number): string {
  const total = job.total;
  switch (job.state) {
    case 'copying':
      return t.copying(job.devices.length, total);
    case 'watching':
      return t.watching(job.reconnected, total, left((job.watchUntil ?? now) - now));
    case 'done':
      return t.done(job.reconnected, total);
    case 'cancelled':
      return t.cancelled(job.reconnected, total);
    default:
      return t.failedJob(job.error ?? '');
  }
}

function copiedLine(what: string, rows: HandoverJob['buckets']): string | null {
  if (rows.length === 0) return null;
  const n = (c: string) => rows.filter((r) => r.created === c).length;
  return t.copied(what, n('created'), n('exists'), n('failed'));
}

/** "Buckets: 2 created, 1 existed, 0 failed · Endpoints: …", empty when nothing was copied. */
export const copiedText = (job: HandoverJob): string =>
  [copiedLine(t.buckets, job.buckets), copiedLine(t.endpoints, job.endpoints)]
    .filter(Boolean)
    .join(' · ');

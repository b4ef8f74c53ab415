/** ESP jobs awaited for a call, and each job's result as the contract's EspBoardResult. */
import type { EspBoardResult } from '../../contract';
import { present } from '../../contract/present';
import { sentence } from '../../contract/sentence';
import type { EspJob } from '../../flash/jobs/EspJob';
import { groupDigits } from './firmwareViews';

/** Waits for the jobs; the call's cancel (or deadline) cancels them. */
export async function settle(jobs: EspJob[], signal: AbortSignal): Promise<EspBoardResult[]> {
  const onAbort = () => jobs.forEach((j) => j.cancel());
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(jobs.map(async (j) => resultView(j, await j.result)));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** One job's result (settle for a single board). */
export const settleOne = async (job: EspJob, signal: AbortSignal): Promise<EspBoardResult> =>
  present((await settle([job], signal))[0], 'ESP job result');

function resultView(job: EspJob, r: Awaited<EspJob['result']>): EspBoardResult {
  const base = {
    port: r.path,
    chip: r.facts,
    backupFile: r.backupFile,
    durationMs: Math.round(r.durationMs),
    log: [...job.log],
  };
  if (!r.ok) {
    return {
      ...base,
      ok: false,
      verified: false,
      erased: false,
      baudRate: null,
      summary: sentence(r.error.message),
      error: {
        code: r.error.code,
        message: sentence(r.error.message),
        detail: r.error.detail ?? null,
        phase: r.error.phase ?? null,
      },
    };
  }
  const bytes = r.written.reduce((n, w) => n + w.size, 0);
  const s = (r.durationMs / 1000).toFixed(1);
  const summary = r.written.length
    ? `${r.verified ? 'Verified' : 'Written, not verified'} · ${groupDigits(bytes)} bytes in ${s} s at ${r.baudRate} baud`
    : r.erased
      ? `Erased in ${s} s`
      : r.backupFile
        ? `Backed up ${groupDigits(r.facts.flashSize ?? 0)} bytes in ${s} s`
        : `${r.facts.name} · MAC ${r.facts.mac}`;
  return {
    ...base,
    ok: true,
    verified: r.verified,
    erased: r.erased,
    baudRate: r.baudRate,
    summary,
    error: null,
  };
}

/**
 * An ESP board's run (EspJob) seen as a job's board: the same progress, log and cancel, and its
 * result in the shape every board's result has (AVR's FlashJobResult plus the chip).
 */
import type { EspJob, EspJobResult } from './EspJob';
import type { BatchJob, BatchResult } from './batchTypes';

/** An ESP board's job as a job's board: its result in the shape every board's result has. */
export function espBatchJob(job: EspJob): BatchJob {
  return {
    get progress() {
      return job.progress;
    },
    get log() {
      return job.log;
    },
    result: job.result.then(espBatchResult),
    onProgress: (l) => job.onProgress(l),
    onLog: (l) => job.onLog(l),
    cancel: () => job.cancel(),
  };
}

function espBatchResult(r: EspJobResult): BatchResult {
  const base = {
    jobId: r.jobId,
    path: r.path,
    boardId: r.facts?.chip ?? 'esp',
    durationMs: r.durationMs,
    backupFile: r.backupFile,
    chip: r.facts,
  };
  if (!r.ok) return { ...base, ok: false, error: r.error };
  const bytes = r.written.reduce((n, w) => n + w.size, 0);
  return {
    ...base,
    ok: true,
    bytesWritten: bytes,
    dataBytes: bytes,
    verified: r.verified,
    signature: r.facts.mac,
    bootloader: `${r.facts.name} ROM loader + stub at ${r.baudRate} baud`,
  };
}

/**
 * Flashing jobs as the contract shapes them: progress with an estimate, each board's result in a
 * sentence ("Verified · 25 326 bytes in 6.1 s"), and the job's summary ("2 verified, 1 failed").
 */
import type {
  FlashBoardResult,
  FlashBoardState,
  FlashJobInfo,
  FlashProgress,
} from '../../contract';
import type {
  BatchBoard,
  BatchOperation,
  BatchRecord,
  BatchResult,
} from '../../flash/jobs/FlashBatches';
import type { FlashProgress as JobProgress } from '../../flash/jobs/FlashJob';
import { sentence } from '../../contract/sentence';
import { boardIdOf } from './boardIds';
import { groupDigits, targetView } from './firmwareViews';
import { espChipView } from './portViews';

export function progressView(p: JobProgress): FlashProgress {
  // An estimate needs some progress behind it; before 5 % it would only jump around.
  const remainingMs =
    p.phase === 'done'
      ? 0
      : p.percent >= 5 && p.percent < 100
        ? Math.round((p.elapsedMs * (100 - p.percent)) / p.percent)
        : null;
  return {
    phase: p.phase,
    percent: Math.round(p.percent * 10) / 10,
    phaseDone: p.phaseDone,
    phaseTotal: p.phaseTotal,
    bytesPerSecond: p.bytesPerSecond,
    elapsedMs: Math.round(p.elapsedMs),
    remainingMs,
  };
}

/**
 * A board's result; `record` (the job) words the summary of ESP tool jobs: "Backed up",
 * "Restored and verified", "Erased".
 */
export function resultView(
  r: BatchResult,
  record?: Pick<BatchRecord, 'operation' | 'firmware'>,
): FlashBoardResult {
  const chip = r.chip !== undefined ? { chip: espChipView(r.chip) } : {};
  if (r.ok) {
    const s = (r.durationMs / 1000).toFixed(1);
    const on = r.chip ? ` · ${r.chip.name}, MAC ${r.chip.mac}` : '';
    const op: BatchOperation = record?.operation ?? 'flash';
    const summary =
      op === 'backup'
        ? `Backed up · ${groupDigits(r.chip?.flashSize ?? 0)} bytes in ${s} s${on}`
        : op === 'erase'
          ? `Erased ${record?.firmware.name ?? 'the flash'} in ${s} s${on}`
          : op === 'restore'
            ? `${r.verified ? 'Restored and verified' : 'Restored, not verified'} · ${groupDigits(r.dataBytes)} bytes in ${s} s${on}`
            : `${r.verified ? 'Verified' : 'Written, not verified'} · ${groupDigits(r.dataBytes)} bytes in ${s} s${on}`;
    return {
      ...chip,
      ok: true,
      verified: r.verified,
      bytesWritten: r.bytesWritten,
      dataBytes: r.dataBytes,
      durationMs: Math.round(r.durationMs),
      signature: r.signature,
      bootloader: r.bootloader,
      backupFile: r.backupFile,
      summary,
    };
  }
  return {
    ...chip,
    ok: false,
    error: {
      code: r.error.code,
      message: sentence(r.error.message),
      detail: r.error.detail ?? null,
      phase: r.error.phase ?? null,
      address: r.error.address ?? null,
    },
    durationMs: Math.round(r.durationMs),
    backupFile: r.backupFile,
  };
}

function boardStateView(record: BatchRecord, b: BatchBoard, withLog: boolean): FlashBoardState {
  const progress = progressView(b.job.progress);
  return {
    ...progress,
    ...(b.result ? { elapsedMs: Math.round(b.result.durationMs), remainingMs: null } : {}),
    port: b.target.path,
    board: boardIdOf(b.target.board),
    boardName: b.target.board.name,
    serialNumber: b.target.serialNumber ?? null,
    result: b.result ? resultView(b.result, record) : null,
    ...(withLog ? { log: [...b.job.log] } : {}),
  };
}

const OPERATION_DONE: Record<BatchOperation, string> = {
  flash: 'written',
  backup: 'backed up',
  restore: 'restored',
  erase: 'erased',
};
const OPERATION_RUNNING: Record<BatchOperation, string> = {
  flash: 'Flashing',
  backup: 'Backing up',
  restore: 'Restoring',
  erase: 'Erasing',
};

export function jobView(record: BatchRecord, withLog = false): FlashJobInfo {
  const boards = record.boards.map((b) => boardStateView(record, b, withLog));
  const count = (f: (b: FlashBoardState) => boolean): number => boards.filter(f).length;
  const summary = {
    total: boards.length,
    running: count((b) => b.result === null),
    verified: count((b) => b.result?.ok === true && b.result.verified),
    written: count((b) => b.result?.ok === true && !b.result.verified),
    failed: count((b) => b.result?.ok === false && b.result.error.code !== 'CANCELLED'),
    cancelled: count((b) => b.result?.ok === false && b.result.error.code === 'CANCELLED'),
  };
  const op = record.operation;
  const done = OPERATION_DONE[op];
  const parts = (
    [
      [op === 'flash' ? summary.verified : 0, 'verified'],
      [op === 'flash' ? summary.written : summary.verified + summary.written, done],
      [summary.failed, 'failed'],
      [summary.cancelled, 'cancelled'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`);
  const text =
    summary.running > 0
      ? `${OPERATION_RUNNING[op]} ${summary.running} of ${summary.total}${parts.length ? ` · ${parts.join(', ')}` : ''}`
      : parts.join(', ');
  return {
    id: record.id,
    operation: op,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    running: record.finishedAt === null,
    firmware: { ...record.firmware, target: targetView(record.firmware.target) },
    verify: record.verify,
    backupDir: record.backupDir,
    boards,
    summary: { ...summary, text },
  };
}

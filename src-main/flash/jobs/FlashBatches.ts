/**
 * The jobs a technician starts (one firmware to several boards), by id: running and recent ones
 * kept for the UI, each board's progress throttled for display, log lines and results as events,
 * cancel per board or per job. AVR boards run on Flasher, ESP boards on EspFlasher; both appear
 * here as one job model (the API's flash.* calls and flash.progress).
 */
import type { EspChipFacts, EspFlashPlan, Firmware, FirmwareTarget } from '../protocol';
import type { EspJob, EspJobResult, EspOperation, EspTarget } from './EspJob';
import type { EspFlasher } from './EspFlasher';
import type { FlashBatch, Flasher } from './Flasher';
import type { FlashJobOptions, FlashJobResult, FlashProgress, FlashTarget } from './FlashJob';
import { first } from '../../contract/present';
import { Emitter } from '../../util/Emitter';

/** Finished jobs kept for "recent jobs" (running ones are always kept). */
export const MAX_KEPT_BATCHES = 20;
/** Progress events per board at most this often within a phase: a bar needs no more. */
const PROGRESS_EVENT_MS = 100;

export interface FirmwareMeta {
  readonly name: string | null;
  readonly sha256: string;
  /** Data bytes of the firmware. */
  readonly sizeBytes: number;
  /** The chip the file says it was built for. */
  readonly target: FirmwareTarget | null;
}

/** A board's result in a job: an ESP board's also carries its chip. */
export type BatchResult = FlashJobResult & { readonly chip?: EspChipFacts | null };

/** What a job needs of a board's run, AVR or ESP. */
interface BatchJob {
  readonly progress: FlashProgress;
  readonly log: readonly string[];
  readonly result: Promise<BatchResult>;
  onProgress(listener: (p: FlashProgress) => void): () => void;
  onLog(listener: (line: string) => void): () => void;
  cancel(): void;
}

interface BatchTarget {
  readonly path: string;
  readonly board: { readonly id: string; readonly name: string };
  readonly serialNumber?: string;
}

/** An ESP board of a job: the port's USB facts (its reset sequence) and the chosen chip. */
export interface EspBatchTarget extends EspTarget {
  readonly board: { readonly id: string; readonly name: string };
}

export interface EspBatchOptions {
  readonly verify?: boolean;
  readonly backupDir?: string | null;
  /** Fastest baud after the stub is up (a bridge that refuses 921600). */
  readonly maxBaud?: number;
}

/**
 * What a job does to its boards: write firmware (AVR or ESP), or one of the ESP flash tools
 * (a full backup, a restore of one, an erase), shown with the same progress and result.
 */
export type BatchOperation = 'flash' | 'backup' | 'restore' | 'erase';

/** An ESP tool job's operation: what EspFlasher runs on the one board. */
export type EspToolOperation = Extract<EspOperation, { kind: 'backup' | 'restore' | 'erase' }>;

export interface BatchBoard {
  readonly job: BatchJob;
  readonly target: BatchTarget;
  /** Set once the board finished. */
  result: BatchResult | null;
}

export interface BatchRecord {
  readonly id: string;
  readonly operation: BatchOperation;
  /** ms since the epoch. */
  readonly startedAt: number;
  finishedAt: number | null;
  readonly firmware: FirmwareMeta;
  readonly verify: boolean;
  readonly backupDir: string | null;
  readonly boards: readonly BatchBoard[];
}

export type BatchEvent =
  | { readonly type: 'started'; readonly batch: BatchRecord }
  | {
      readonly type: 'progress';
      readonly batch: BatchRecord;
      readonly board: BatchBoard;
      readonly progress: FlashProgress;
    }
  | {
      readonly type: 'log';
      readonly batch: BatchRecord;
      readonly board: BatchBoard;
      readonly t: number;
      readonly line: string;
    }
  | {
      readonly type: 'result';
      readonly batch: BatchRecord;
      readonly board: BatchBoard;
      readonly result: BatchResult;
    }
  | { readonly type: 'finished'; readonly batch: BatchRecord };

export class FlashBatches {
  private readonly batches: { record: BatchRecord; cancelAll: () => void; done: Promise<void> }[] =
    [];
  private readonly events = new Emitter<{ batch: BatchEvent }>();
  private nextId = 1;

  constructor(
    private readonly flasher: Flasher,
    private readonly clock: () => number = Date.now,
    private readonly maxKept = MAX_KEPT_BATCHES,
    private readonly esp: EspFlasher | null = null,
  ) {}

  /** Starts flashing `targets`; throws (before any port is touched) when the batch is too big. */
  start(
    firmware: Firmware,
    meta: FirmwareMeta,
    targets: readonly FlashTarget[],
    options: FlashJobOptions = {},
  ): BatchRecord {
    const run: FlashBatch = this.flasher.flash(firmware, targets, options);
    return this.add(
      meta,
      options,
      run.jobs.map((job) => ({ job, target: job.target, result: null })),
      run.cancelAll,
    );
  }

  /** Writes an ESP plan to `targets` (each checked against its chosen chip); as `start`. */
  startEsp(
    plan: EspFlashPlan,
    meta: FirmwareMeta,
    targets: readonly EspBatchTarget[],
    options: EspBatchOptions = {},
  ): BatchRecord {
    const { esp } = this;
    if (!esp) throw new Error('FlashBatches was built without an ESP flasher');
    const boards = targets.map((target) => {
      const jobs = esp.flash([target], plan, {
        verify: options.verify ?? true,
        backupDir: options.backupDir ?? null,
        board: target.board.id,
        ...(options.maxBaud ? { maxBaud: options.maxBaud } : {}),
      });
      return { job: first(jobs, 'ESP job'), target };
    });
    return this.add(
      meta,
      options,
      boards.map(({ job, target }) => ({ job: espBatchJob(job), target, result: null })),
      () => boards.forEach(({ job }) => job.cancel()),
    );
  }

  /**
   * Backs up, restores or erases one ESP board as a job (progress, cancel and result like a
   * flash); `meta` names what the job works with (the backup restored, or the board's flash).
   */
  startEspTool(
    operation: EspToolOperation,
    meta: FirmwareMeta,
    target: EspBatchTarget,
    options: Pick<EspBatchOptions, 'maxBaud'> = {},
  ): BatchRecord {
    if (!this.esp) throw new Error('FlashBatches was built without an ESP flasher');
    const job = this.esp.one(
      target,
      operation,
      options.maxBaud ? { maxBaud: options.maxBaud } : {},
    );
    return this.add(
      meta,
      {
        verify: operation.kind === 'restore',
        backupDir: operation.kind === 'backup' ? operation.backupDir : null,
      },
      [{ job: espBatchJob(job), target, result: null }],
      () => job.cancel(),
      operation.kind,
    );
  }

  private add(
    meta: FirmwareMeta,
    options: { verify?: boolean; backupDir?: string | null },
    boards: BatchBoard[],
    cancelAll: () => void,
    operation: BatchOperation = 'flash',
  ): BatchRecord {
    const record: BatchRecord = {
      id: `job-${this.nextId++}`,
      operation,
      startedAt: this.clock(),
      finishedAt: null,
      firmware: meta,
      verify: options.verify ?? true,
      backupDir: options.backupDir ?? null,
      boards,
    };
    for (const board of record.boards) this.follow(record, board);
    const done = Promise.all(boards.map((b) => b.job.result)).then(() => {
      record.finishedAt = this.clock();
      this.emit({ type: 'finished', batch: record });
      this.forgetOld();
    });
    this.batches.push({ record, cancelAll, done });
    this.emit({ type: 'started', batch: record });
    return record;
  }

  /** Newest first. */
  list(): BatchRecord[] {
    return this.batches.map((b) => b.record).reverse();
  }

  get(id: string): BatchRecord | undefined {
    return this.batches.find((b) => b.record.id === id)?.record;
  }

  /** Whether a running job is flashing `path`. */
  isFlashing(path: string): boolean {
    return this.batches.some(
      (b) =>
        b.record.finishedAt === null &&
        b.record.boards.some((x) => x.target.path === path && !x.result),
    );
  }

  /** Cancels the boards of job `id` still running (only `path`'s when given); how many. */
  cancel(id: string, path?: string): number {
    const record = this.get(id);
    if (!record) return 0;
    let n = 0;
    for (const b of record.boards) {
      if (b.result || (path !== undefined && b.target.path !== path)) continue;
      b.job.cancel();
      n++;
    }
    return n;
  }

  /** Cancels everything running and waits until each board has given its port back. */
  async cancelAll(): Promise<void> {
    for (const b of this.batches) if (b.record.finishedAt === null) b.cancelAll();
    await Promise.all(this.batches.map((b) => b.done));
  }

  on(listener: (e: BatchEvent) => void): () => void {
    return this.events.on('batch', listener);
  }

  private follow(batch: BatchRecord, board: BatchBoard): void {
    let lastPhase: string | null = null;
    let lastAt = -Infinity;
    const offProgress = board.job.onProgress((progress) => {
      const now = this.clock();
      if (progress.phase === lastPhase && now - lastAt < PROGRESS_EVENT_MS) return;
      lastPhase = progress.phase;
      lastAt = now;
      this.emit({ type: 'progress', batch, board, progress });
    });
    const offLog = board.job.onLog((line) =>
      this.emit({ type: 'log', batch, board, t: this.clock(), line }),
    );
    void board.job.result.then((result) => {
      offProgress();
      offLog();
      board.result = result;
      this.emit({ type: 'result', batch, board, result });
    });
  }

  private forgetOld(): void {
    // The oldest finished batches go first; running ones stay.
    let excess = this.batches.filter((b) => b.record.finishedAt !== null).length - this.maxKept;
    for (const b of [...this.batches]) {
      if (excess <= 0) break;
      if (b.record.finishedAt === null) continue;
      this.batches.splice(this.batches.indexOf(b), 1);
      excess--;
    }
  }

  private emit(e: BatchEvent): void {
    this.events.emit('batch', e);
  }
}

/** An ESP board's job as a job's board: its result in the shape every board's result has. */
function espBatchJob(job: EspJob): BatchJob {
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

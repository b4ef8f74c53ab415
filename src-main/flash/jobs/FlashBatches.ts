/**
 * The jobs a technician starts (one firmware to several boards), by id: running and recent ones
 * kept for the UI, each board's progress throttled for display, log lines and results as events,
 * cancel per board or per job. Built on Flasher, which runs the boards.
 */
import type { Firmware, FirmwareTarget } from '../protocol';
import type { FlashBatch, Flasher } from './Flasher';
import type {
  FlashJob,
  FlashJobOptions,
  FlashJobResult,
  FlashProgress,
  FlashTarget,
} from './FlashJob';

/** Finished jobs kept for "recent jobs" (running ones are always kept). */
export const MAX_KEPT_BATCHES = 20;
/** Progress events per board at most this often within a phase: a bar needs no more. */
export const PROGRESS_EVENT_MS = 100;

export interface FirmwareMeta {
  readonly name: string | null;
  readonly sha256: string;
  /** Data bytes of the firmware. */
  readonly sizeBytes: number;
  /** The chip the file says it was built for. */
  readonly target: FirmwareTarget | null;
}

export interface BatchBoard {
  readonly job: FlashJob;
  readonly target: FlashTarget;
  /** Set once the board finished. */
  result: FlashJobResult | null;
}

export interface BatchRecord {
  readonly id: string;
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
      readonly result: FlashJobResult;
    }
  | { readonly type: 'finished'; readonly batch: BatchRecord };

export class FlashBatches {
  private readonly batches: { record: BatchRecord; run: FlashBatch; done: Promise<void> }[] = [];
  private readonly listeners = new Set<(e: BatchEvent) => void>();
  private nextId = 1;

  constructor(
    private readonly flasher: Flasher,
    private readonly clock: () => number = Date.now,
    private readonly maxKept = MAX_KEPT_BATCHES,
  ) {}

  /** Starts flashing `targets`; throws (before any port is touched) when the batch is too big. */
  start(
    firmware: Firmware,
    meta: FirmwareMeta,
    targets: readonly FlashTarget[],
    options: FlashJobOptions = {},
  ): BatchRecord {
    const run = this.flasher.flash(firmware, targets, options);
    const record: BatchRecord = {
      id: `job-${this.nextId++}`,
      startedAt: this.clock(),
      finishedAt: null,
      firmware: meta,
      verify: options.verify ?? true,
      backupDir: options.backupDir ?? null,
      boards: run.jobs.map((job) => ({ job, target: job.target, result: null })),
    };
    for (const board of record.boards) this.follow(record, board);
    const done = run.results.then(() => {
      record.finishedAt = this.clock();
      this.emit({ type: 'finished', batch: record });
      this.forgetOld();
    });
    this.batches.push({ record, run, done });
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
    for (const b of this.batches) if (b.record.finishedAt === null) b.run.cancelAll();
    await Promise.all(this.batches.map((b) => b.done));
  }

  on(listener: (e: BatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    let finished = this.batches.filter((b) => b.record.finishedAt !== null).length;
    for (let i = 0; i < this.batches.length && finished > this.maxKept;) {
      if (this.batches[i]!.record.finishedAt !== null) {
        this.batches.splice(i, 1);
        finished--;
      } else i++;
    }
  }

  private emit(e: BatchEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/**
 * The jobs a technician starts (one firmware to several boards), by id: running and recent ones
 * kept for the UI, each board's progress throttled for display, log lines and results as events,
 * cancel per board or per job. AVR boards run on Flasher, ESP boards on EspFlasher; both appear
 * here as one job model (the API's flash.* calls and flash.progress).
 */
import type { EspFlashPlan, Firmware } from '../protocol';
import type {
  BatchBoard,
  BatchEvent,
  BatchOperation,
  BatchRecord,
  EspBatchOptions,
  EspBatchTarget,
  EspToolOperation,
  FirmwareMeta,
} from './batchTypes';
import type { EspFlasher } from './EspFlasher';
import { espBatchJob } from './espBatchJob';
import { followBoard } from './followBoard';
import type { FlashBatch, Flasher } from './Flasher';
import type { FlashJobOptions, FlashTarget } from './FlashJob';
import { first } from '../../contract/present';
import { Emitter } from '../../util/Emitter';

export type {
  BatchBoard,
  BatchOperation,
  BatchRecord,
  BatchResult,
  EspBatchTarget,
  EspToolOperation,
  FirmwareMeta,
} from './batchTypes';

/** Finished jobs kept for "recent jobs" (running ones are always kept). */
export const MAX_KEPT_BATCHES = 20;
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
    for (const board of record.boards) followBoard(record, board, this.clock, (e) => this.emit(e));
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

/**
 * The job model of FlashBatches, AVR and ESP alike: a job (batch) of boards, each board's run,
 * target and result, and the events a job reports (the API's flash.* calls and flash.progress).
 */
import type { EspChipFacts, FirmwareTarget } from '../protocol';
import type { EspOperation, EspTarget } from './EspJob';
import type { FlashJobResult, FlashProgress } from './FlashJob';

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
export interface BatchJob {
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

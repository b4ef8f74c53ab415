/**
 * The flashing service: one firmware to many boards, each a FlashJob with its own port lease,
 * progress and result, run in parallel.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { first } from '../../contract/present';
import { loadFirmwareFile } from '../firmwareFile';
import { FlashError, FlashErrorCode, isFlashError, type Firmware } from '../protocol';
import { openSerialLink, type SerialOpener } from '../../serial/SerialLink';
import type { PortLeases } from '../../serial/SerialPortLease';
import { FlashJob, type FlashJobOptions, type FlashJobResult, type FlashTarget } from './FlashJob';

/**
 * Boards per batch: a bench of USB hubs rarely holds more, and each job holds a port, a timer and
 * its buffers; on a 2-core laptop 8 emulated boards already slow each other down.
 */
export const MAX_BATCH_TARGETS = 32;

export interface FlasherDeps {
  readonly leases: PortLeases;
  readonly open?: SerialOpener;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly exists?: (path: string) => boolean;
}

export interface FlashBatch {
  readonly jobs: readonly FlashJob[];
  /** One result per target, in the targets' order; never rejects. */
  readonly results: Promise<FlashJobResult[]>;
  cancelAll(): void;
}

/** The real clock, sleep, serialport opener and path check, unless a test gives its own. */
export function jobDeps(deps: FlasherDeps): Required<FlasherDeps> {
  return {
    open: openSerialLink,
    now: () => performance.now(),
    sleep: (ms) => sleep(ms),
    exists: existsSync,
    ...deps,
  };
}

export class Flasher {
  private readonly deps: Required<FlasherDeps>;
  private nextId = 1;

  constructor(deps: FlasherDeps) {
    this.deps = jobDeps(deps);
  }

  flash(
    firmware: Firmware,
    targets: readonly FlashTarget[],
    options: FlashJobOptions = {},
  ): FlashBatch {
    if (targets.length > MAX_BATCH_TARGETS) {
      throw new FlashError(
        FlashErrorCode.PORT_UNAVAILABLE,
        `too many boards in one batch (${targets.length}): flash at most ${MAX_BATCH_TARGETS} at a time`,
      );
    }
    const jobs = targets.map(
      (t) => new FlashJob(`flash-${this.nextId++}`, t, firmware, options, this.deps),
    );
    return {
      jobs,
      results: Promise.all(jobs.map((j) => j.result)),
      cancelAll: () => jobs.forEach((j) => j.cancel()),
    };
  }

  /**
   * Parses `file` first; a damaged or unreadable file fails every target with the same error and
   * no port is opened. Otherwise as `flash`.
   */
  async flashFile(
    file: string,
    targets: readonly FlashTarget[],
    options: FlashJobOptions = {},
  ): Promise<FlashJobResult[]> {
    let firmware: Firmware;
    try {
      firmware = await loadFirmwareFile(file);
    } catch (e) {
      if (!isFlashError(e)) throw e;
      return targets.map((t) => ({
        ok: false,
        jobId: `flash-${this.nextId++}`,
        path: t.path,
        boardId: t.board.id,
        durationMs: 0,
        backupFile: null,
        error: {
          code: e.code,
          message: e.message,
          detail: e.detail,
          phase: 'firmware',
          line: e.line,
        },
      }));
    }
    return this.flash(firmware, targets, options).results;
  }

  /** One board; the job's `result` never rejects. */
  flashOne(firmware: Firmware, target: FlashTarget, options: FlashJobOptions = {}): FlashJob {
    return first(this.flash(firmware, [target], options).jobs, 'flash job');
  }
}

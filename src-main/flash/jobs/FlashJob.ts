/**
 * One board being flashed: phases, percent, bytes/s, a bounded log, cancel, and a result that
 * never rejects (a failure is a result with a code and a sentence). The port is leased for the
 * job's life and released in `finally`, whatever happens.
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  avrTargetMismatch,
  FlashError,
  FlashErrorCode,
  flashToHex,
  imageForBoard,
  isFlashError,
  portLost,
  sessionFor,
  signatureHex,
  type BoardProfile,
  type FlashPhase,
  type Firmware,
  type MachineEvent,
  type SessionResult,
} from '../protocol';
import { isSerialError } from '../../serial/SerialError';
import type { SerialLink, SerialOpener } from '../../serial/SerialLink';
import type { PortLeases, SerialPortLease } from '../../serial/SerialPortLease';
import { runSession, type SessionRun } from './runSession';

/** Log lines kept per job: a full Mega flash logs ~20; 500 leaves room for retries and detail. */
export const MAX_JOB_LOG_LINES = 500;
/**
 * Reset pulse on real ports (DTR/RTS low, then high), as avrdude's arduino programmer does: the
 * 100 nF reset capacitor needs the edge, and Optiboot needs ~50 ms after it before the first byte.
 */
export const RESET_LOW_MS = 250;
export const RESET_SETTLE_MS = 50;
/**
 * Without modem lines (a pty: the virtual board resets when the port opens), wait this long after
 * the open before the first STK500v1 byte. A byte that reaches the chip before the bootloader has
 * enabled its UART is lost, and Optiboot then reads the next byte as a command and leaves for the
 * application. The emulator notices the open within a few ms, later on a loaded host; real boards
 * get RESET_LOW_MS + RESET_SETTLE_MS instead. Free for Optiboot, which listens only after 375 ms.
 * stk500boot_v2 skips bytes until a message start, so a lost byte only costs a SIGN_ON retry and
 * the Mega gets no wait.
 */
export const NO_DTR_SETTLE_MS = 150;
/**
 * Resets per job when the bootloader did not answer. A reset can be missed (a port reopened too
 * fast, a loaded host running an emulated board: the application answers) or land badly (the
 * emulated core crashed on a reset right after a flash cancelled mid-page: silence). A second one
 * costs ~2.4 s, so "did not answer" comes within ~5 s; more would only delay it.
 */
export const RESET_ATTEMPTS = 2;

export interface FlashTarget {
  readonly path: string;
  readonly board: BoardProfile;
  /** The port's USB serial number, for backup file names. */
  readonly serialNumber?: string;
}

export interface FlashJobOptions {
  /** Read back and compare after writing (default true). */
  readonly verify?: boolean;
  /** Folder for `<board>_<serial>_<time>_backup.hex` of the current firmware; null: no backup. */
  readonly backupDir?: string | null;
}

export interface FlashProgress {
  readonly phase: FlashPhase;
  /** Whole job, 0–100, over the bytes of backup, write and verify. */
  readonly percent: number;
  readonly phaseDone: number;
  readonly phaseTotal: number;
  /** Bytes per second in the current phase (0 before the first bytes). */
  readonly bytesPerSecond: number;
  readonly elapsedMs: number;
}

export interface FlashFailure {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly phase?: string;
  readonly address?: number;
  readonly line?: number;
}

interface ResultBase {
  readonly jobId: string;
  readonly path: string;
  readonly boardId: string;
  readonly durationMs: number;
  readonly backupFile: string | null;
}

export type FlashJobResult =
  | (ResultBase & {
      readonly ok: true;
      readonly bytesWritten: number;
      readonly dataBytes: number;
      readonly verified: boolean;
      readonly signature: string;
      readonly bootloader: string;
    })
  | (ResultBase & { readonly ok: false; readonly error: FlashFailure });

export interface FlashJobDeps {
  readonly leases: PortLeases;
  readonly open: SerialOpener;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Whether a port path still exists: tells "port disappeared" from "board stopped answering". */
  readonly exists: (path: string) => boolean;
}

type Listener<T> = (value: T) => void;

export class FlashJob {
  readonly id: string;
  readonly target: FlashTarget;
  readonly result: Promise<FlashJobResult>;
  private readonly deps: FlashJobDeps;
  private readonly firmware: Firmware;
  private readonly options: Required<FlashJobOptions>;
  private readonly logLines: string[] = [];
  private readonly progressListeners = new Set<Listener<FlashProgress>>();
  private readonly logListeners = new Set<Listener<string>>();
  private state: FlashProgress;
  private startedAt = 0;
  private phaseStartedAt = 0;
  private completedBytes = 0;
  private totalBytes = 1;
  private session: SessionRun<SessionResult> | null = null;
  private cancelRequested = false;
  private backupFile: string | null = null;
  private done = false;

  constructor(
    id: string,
    target: FlashTarget,
    firmware: Firmware,
    options: FlashJobOptions,
    deps: FlashJobDeps,
  ) {
    this.id = id;
    this.target = target;
    this.firmware = firmware;
    this.deps = deps;
    this.options = { verify: options.verify ?? true, backupDir: options.backupDir ?? null };
    this.state = {
      phase: 'resetting',
      percent: 0,
      phaseDone: 0,
      phaseTotal: 0,
      bytesPerSecond: 0,
      elapsedMs: 0,
    };
    this.result = this.run().finally(() => (this.done = true));
  }

  get finished(): boolean {
    return this.done;
  }

  get progress(): FlashProgress {
    return this.state;
  }

  get log(): readonly string[] {
    return this.logLines;
  }

  onProgress(listener: Listener<FlashProgress>): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  onLog(listener: Listener<string>): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** Stops the job where it is; the result says what that leaves on the board. */
  cancel(): void {
    this.cancelRequested = true;
    this.session?.cancel();
  }

  private async run(): Promise<FlashJobResult> {
    const { board, path } = this.target;
    this.startedAt = this.deps.now();
    this.phaseStartedAt = this.startedAt;
    let phase: FlashPhase = 'resetting';
    try {
      // The chip the file was built for, then its size, are checked before the port is touched.
      const mismatch = avrTargetMismatch(this.firmware.target, board);
      if (mismatch) throw mismatch;
      const image = imageForBoard(this.firmware, board);
      this.totalBytes =
        (this.options.backupDir ? board.flashBytes - board.bootloaderBytes : 0) +
        image.data.length * (this.options.verify ? 2 : 1);
      this.log_(`${board.name} on ${path}: ${this.firmware.dataBytes} bytes of firmware`);
      const target = this.firmware.target;
      this.log_(
        target
          ? `firmware built for ${target.name} (${target.evidence})`
          : 'the firmware file does not say which chip it was built for',
      );
      this.throwIfCancelled(phase);

      const lease = await this.lease();
      try {
        let r: SessionResult | undefined;
        for (let attempt = 1; !r; attempt++) {
          const link = await this.openLink(lease);
          try {
            await this.reset(link);
            this.throwIfCancelled(phase);
            this.session = runSession(
              link,
              sessionFor({
                board,
                image,
                verify: this.options.verify,
                backup: this.options.backupDir !== null,
              }),
              (e) => {
                if (e.type === 'phase') phase = e.phase;
                this.onMachineEvent(e);
              },
            );
            r = await this.session.result;
          } catch (e) {
            if (
              !(isFlashError(e) && e.code === FlashErrorCode.NO_BOOTLOADER) ||
              attempt >= RESET_ATTEMPTS ||
              this.cancelRequested
            ) {
              throw e;
            }
            this.log_(`no bootloader answer (${e.detail}); resetting again`);
          } finally {
            this.session = null;
            await link.close();
          }
        }
        this.setPhase('done');
        const seconds = (this.deps.now() - this.startedAt) / 1000;
        this.log_(
          `${r.verified ? 'verified' : 'written'}: ${image.dataBytes} bytes in ${seconds.toFixed(1)} s`,
        );
        return {
          ok: true,
          jobId: this.id,
          path,
          boardId: board.id,
          durationMs: this.deps.now() - this.startedAt,
          backupFile: this.backupFile,
          bytesWritten: r.bytesWritten,
          dataBytes: image.dataBytes,
          verified: r.verified,
          signature: signatureHex(r.signature),
          bootloader: r.bootloader,
        };
      } finally {
        lease.release();
      }
    } catch (e) {
      let error = toFlashError(e, phase);
      // A reply that never came from a port that no longer exists: the port went away.
      if (error.code === FlashErrorCode.BOARD_STOPPED && !this.deps.exists(path)) {
        error = portLost(error.phase ?? phase, `${path} is gone; ${error.detail ?? ''}`);
      }
      this.log_(`failed: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
      return {
        ok: false,
        jobId: this.id,
        path,
        boardId: board.id,
        durationMs: this.deps.now() - this.startedAt,
        backupFile: this.backupFile,
        error: {
          code: error.code,
          message: error.message,
          detail: error.detail,
          phase: error.phase ?? phase,
          address: error.address,
          line: error.line,
        },
      };
    }
  }

  private async lease(): Promise<SerialPortLease> {
    try {
      return await this.deps.leases.takeOver(this.target.path, { label: 'the flasher' });
    } catch (e) {
      throw toFlashError(e, 'resetting');
    }
  }

  private async openLink(lease: SerialPortLease): Promise<SerialLink> {
    try {
      return await this.deps.open(lease.path, { baudRate: this.target.board.baudRate });
    } catch (e) {
      throw toFlashError(e, 'resetting');
    }
  }

  /**
   * Resets the board into its bootloader: a DTR/RTS pulse on a real port. A pty has no modem
   * lines (the virtual board resets when the port opens), so there the pulse is skipped.
   */
  private async reset(link: SerialLink): Promise<void> {
    this.setPhase('resetting');
    if (await link.setSignals({ dtr: false, rts: false })) {
      await this.deps.sleep(RESET_LOW_MS);
      await link.setSignals({ dtr: true, rts: true });
      await this.deps.sleep(RESET_SETTLE_MS);
      this.log_('reset with DTR/RTS');
    } else {
      if (this.target.board.protocol === 'stk500v1') await this.deps.sleep(NO_DTR_SETTLE_MS);
      this.log_('no DTR/RTS on this port: relying on the reset at open');
    }
  }

  private onMachineEvent(e: MachineEvent): void {
    switch (e.type) {
      case 'phase':
        this.setPhase(e.phase);
        break;
      case 'progress': {
        const elapsed = (this.deps.now() - this.phaseStartedAt) / 1000;
        this.state = {
          phase: e.phase,
          phaseDone: e.done,
          phaseTotal: e.total,
          percent: Math.min(100, ((this.completedBytes + e.done) / this.totalBytes) * 100),
          bytesPerSecond: elapsed > 0 ? Math.round(e.done / elapsed) : 0,
          elapsedMs: this.deps.now() - this.startedAt,
        };
        if (e.done >= e.total) this.completedBytes += e.total;
        this.emitProgress();
        break;
      }
      case 'log':
        this.log_(e.line);
        break;
      case 'backup':
        this.saveBackup(e.flash);
        break;
    }
  }

  /** Written synchronously so that a backup that cannot be saved stops the job before writing. */
  private saveBackup(flash: Uint8Array): void {
    const dir = this.options.backupDir;
    if (!dir) return;
    const who = this.target.serialNumber ?? basename(this.target.path);
    const time = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `${this.target.board.id}_${safeName(who)}_${time}_backup.hex`);
    try {
      writeFileSync(file, flashToHex(flash));
      this.backupFile = file;
      this.log_(`backup saved to ${file}`);
    } catch (e) {
      this.session?.cancel(
        new FlashError(
          FlashErrorCode.FILE_ERROR,
          'could not save the backup, so nothing was written: check the backup folder',
          { detail: e instanceof Error ? e.message : String(e), phase: 'backing-up' },
        ),
      );
    }
  }

  private setPhase(phase: FlashPhase): void {
    this.phaseStartedAt = this.deps.now();
    this.state = {
      ...this.state,
      phase,
      phaseDone: 0,
      phaseTotal: 0,
      bytesPerSecond: 0,
      percent: phase === 'done' ? 100 : this.state.percent,
      elapsedMs: this.deps.now() - this.startedAt,
    };
    this.emitProgress();
  }

  private emitProgress(): void {
    for (const l of this.progressListeners) l(this.state);
  }

  private log_(line: string): void {
    if (this.logLines.length >= MAX_JOB_LOG_LINES) this.logLines.shift();
    this.logLines.push(line);
    for (const l of this.logListeners) l(line);
  }

  private throwIfCancelled(phase: FlashPhase): void {
    if (this.cancelRequested)
      throw new FlashError(FlashErrorCode.CANCELLED, 'cancelled', { phase });
  }
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 64);
}

function toFlashError(e: unknown, phase: FlashPhase): FlashError {
  if (isFlashError(e)) {
    e.phase ??= phase;
    return e;
  }
  if (isSerialError(e)) {
    return new FlashError(
      e.code === 'PORT_LOST' ? FlashErrorCode.PORT_LOST : FlashErrorCode.PORT_UNAVAILABLE,
      e.message,
      { detail: e.detail, phase },
    );
  }
  return new FlashError(FlashErrorCode.PROTOCOL_ERROR, 'internal flasher error', {
    detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
    phase,
  });
}

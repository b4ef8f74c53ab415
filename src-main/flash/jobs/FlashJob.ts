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
  sessionFor,
  signatureHex,
  type BoardProfile,
  type FlashImage,
  type FlashPhase,
  type Firmware,
  type MachineEvent,
  type SessionResult,
} from '../protocol';
import type { SerialPortLease } from '../../serial/SerialPortLease';
import { BoardJob, type BoardJobDeps } from './BoardJob';
import { failureLine, failureOf, type JobFailure } from './jobFailure';
import { resetIntoBootloader } from './avrReset';
import { runSession } from './runSession';

export { type FlashProgress } from './JobReporter';
/**
 * Resets per job when the bootloader did not answer. A reset can be missed (a port reopened too
 * fast, a loaded host running an emulated board: the application answers) or land badly (the
 * emulated core crashed on a reset right after a flash cancelled mid-page: silence). A second one
 * costs ~2.4 s, so "did not answer" comes within ~5 s; more would only delay it.
 */
const RESET_ATTEMPTS = 2;

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
  | (ResultBase & { readonly ok: false; readonly error: JobFailure });

export type FlashJobDeps = BoardJobDeps;

export class FlashJob extends BoardJob<FlashJobResult> {
  readonly target: FlashTarget;
  private readonly firmware: Firmware;
  private readonly options: Required<FlashJobOptions>;
  private backupFile: string | null = null;

  constructor(
    id: string,
    target: FlashTarget,
    firmware: Firmware,
    options: FlashJobOptions,
    deps: FlashJobDeps,
  ) {
    super(id, deps);
    this.target = target;
    this.firmware = firmware;
    this.options = { verify: options.verify ?? true, backupDir: options.backupDir ?? null };
    this.begin(() => this.run());
  }

  /** The phase the machine last reported: where a failure happened. */
  private phase: FlashPhase = 'resetting';

  private async run(): Promise<FlashJobResult> {
    try {
      const image = this.prepare();
      this.throwIfCancelled(this.phase);
      const lease = await this.leasePort(this.target.path);
      try {
        return this.succeeded(await this.program(lease, image), image);
      } finally {
        lease.release();
      }
    } catch (e) {
      return this.failed(e);
    }
  }

  /**
   * Checks the chip the file was built for, then its size, before the port is touched; sizes the
   * progress (backup, write, verify) and logs what is about to be flashed.
   */
  private prepare(): FlashImage {
    const { board, path } = this.target;
    const mismatch = avrTargetMismatch(this.firmware.target, board);
    if (mismatch) throw mismatch;
    const image = imageForBoard(this.firmware, board);
    this.report.totalBytes =
      (this.options.backupDir ? board.flashBytes - board.bootloaderBytes : 0) +
      image.data.length * (this.options.verify ? 2 : 1);
    this.log_(`${board.name} on ${path}: ${this.firmware.dataBytes} bytes of firmware`);
    const target = this.firmware.target;
    this.log_(
      target
        ? `firmware built for ${target.name} (${target.evidence})`
        : 'the firmware file does not say which chip it was built for',
    );
    return image;
  }

  /** Resets and runs the session; a bootloader that did not answer gets one more reset. */
  private async program(lease: SerialPortLease, image: FlashImage): Promise<SessionResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(lease, image);
      } catch (e) {
        if (
          !(isFlashError(e) && e.code === FlashErrorCode.NO_BOOTLOADER) ||
          attempt >= RESET_ATTEMPTS ||
          this.cancelRequested
        ) {
          throw e;
        }
        this.log_(`no bootloader answer (${e.detail}); resetting again`);
      }
    }
  }

  /** One open of the port: reset, then the protocol session (backup, write, verify). */
  private async attempt(lease: SerialPortLease, image: FlashImage): Promise<SessionResult> {
    const { board } = this.target;
    const link = await this.openPort(lease, board.baudRate);
    try {
      this.report.setPhase('resetting');
      await resetIntoBootloader(link, board.protocol, this.deps.sleep, (l) => this.log_(l));
      this.throwIfCancelled(this.phase);
      const program = sessionFor({
        board,
        image,
        verify: this.options.verify,
        backup: this.options.backupDir !== null,
      });
      const session = runSession(link, program, (e) => {
        if (e.type === 'phase') this.phase = e.phase;
        this.onMachineEvent(e);
      });
      this.session = session;
      return await session.result;
    } finally {
      this.session = null;
      await link.close();
    }
  }

  private succeeded(r: SessionResult, image: FlashImage): FlashJobResult {
    this.report.setPhase('done');
    const seconds = this.report.elapsedMs / 1000;
    this.log_(
      `${r.verified ? 'verified' : 'written'}: ${image.dataBytes} bytes in ${seconds.toFixed(1)} s`,
    );
    return {
      ok: true,
      jobId: this.id,
      path: this.target.path,
      boardId: this.target.board.id,
      durationMs: this.report.elapsedMs,
      backupFile: this.backupFile,
      bytesWritten: r.bytesWritten,
      dataBytes: image.dataBytes,
      verified: r.verified,
      signature: signatureHex(r.signature),
      bootloader: r.bootloader,
    };
  }

  private failed(e: unknown): FlashJobResult {
    const { path, board } = this.target;
    const error = failureOf(e, this.phase, path, this.deps.exists);
    this.log_(failureLine(error));
    return {
      ok: false,
      jobId: this.id,
      path,
      boardId: board.id,
      durationMs: this.report.elapsedMs,
      backupFile: this.backupFile,
      error,
    };
  }

  private onMachineEvent(e: MachineEvent): void {
    if (e.type === 'backup') this.saveBackup(e.flash);
    else this.reportEvent(e);
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

  private log_(line: string): void {
    this.report.line(line);
  }
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 64);
}

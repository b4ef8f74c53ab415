/**
 * One ESP board's job, the I/O half of protocol/esp: lease the port (the monitor pauses), open it
 * at the ROM's rate, reset into the download mode the way the board needs (espReset), run the pure
 * session (stub, fast baud, compressed writes, MD5; its plan from espSessionPlan), save a backup
 * before writing, reset into the new firmware, release the port in `finally`. A result never
 * rejects: a failure is a result with a code and a sentence.
 */
import {
  ESP_ROM_BAUD,
  espSession,
  FlashError,
  FlashErrorCode,
  isFlashError,
  type EspChipFacts,
  type EspSessionResult,
  type FlashPhase,
  type MachineEvent,
} from '../protocol';
import type { SerialLink } from '../../serial/SerialLink';
import type { SerialPortLease } from '../../serial/SerialPortLease';
import { writeEspBackup } from '../espBackup';
import { BoardJob } from './BoardJob';
import type {
  EspJobDeps,
  EspJobOptions,
  EspJobResult,
  EspOperation,
  EspTarget,
} from './espJobTypes';
import { hardReset, resetIntoLoader } from './espReset';
import { failureLine, failureOf } from './jobFailure';
import { fastBauds, planTotalBytes, sessionPlanFor, type EspBasePlan } from './espSessionPlan';
import { runSession } from './runSession';

export type * from './espJobTypes';

/** Resets per job before "hold BOOT and press RESET": one per reset sequence, and one more. */
const ESP_RESET_ATTEMPTS = 3;

/** What may change between attempts: slower rates after a failed one, one reconnect after a stop. */
interface RetryState {
  bauds: number[];
  stoppedOnce: boolean;
}

export class EspJob extends BoardJob<EspJobResult> {
  readonly target: EspTarget;
  readonly operation: EspOperation;
  private readonly options: EspJobOptions;
  private backupFile: string | null = null;
  private facts: EspChipFacts | null = null;
  private plan: EspBasePlan | null = null;
  /** The session's phase, for a failure's report. */
  private phase: FlashPhase = 'resetting';

  constructor(
    id: string,
    target: EspTarget,
    operation: EspOperation,
    options: EspJobOptions,
    deps: EspJobDeps,
  ) {
    super(id, deps);
    this.target = target;
    this.operation = operation;
    this.options = options;
    this.begin(() => this.run());
  }

  private async run(): Promise<EspJobResult> {
    try {
      // Everything that needs no board first: compression and hashes of what will be written.
      const base = await sessionPlanFor(this.operation);
      this.plan = base;
      this.report.totalBytes = planTotalBytes(base);
      this.throwIfCancelled(this.phase);
      const lease = await this.leasePort(this.target.path);
      try {
        const r = await this.attempts(lease, base);
        this.report.setPhase('done');
        this.report.line(this.summary(r));
        return this.succeeded(r);
      } finally {
        lease.release();
      }
    } catch (e) {
      return this.failed(e);
    }
  }

  /** Sessions until one succeeds or a failure is not worth another attempt. */
  private async attempts(lease: SerialPortLease, base: EspBasePlan): Promise<EspSessionResult> {
    const retry: RetryState = { bauds: fastBauds(this.options.maxBaud), stoppedOnce: false };
    for (let attempt = 1; ; attempt++) {
      const link = await this.openPort(lease, ESP_ROM_BAUD);
      try {
        return await this.attempt(link, base, retry.bauds, attempt);
      } catch (e) {
        this.retryOrThrow(e, attempt, retry);
      } finally {
        this.session = null;
        await link.close();
      }
    }
  }

  /** Reset into the loader, one session, and a reset into the application when asked. */
  private async attempt(
    link: SerialLink,
    base: EspBasePlan,
    bauds: number[],
    attempt: number,
  ): Promise<EspSessionResult> {
    this.report.setPhase('resetting');
    const line = (text: string) => this.report.line(text);
    const resetOk = await resetIntoLoader(link, this.target, attempt, this.deps.sleep, line);
    const boot = this.options.after !== 'loader';
    this.throwIfCancelled(this.phase);
    const session = runSession(
      link,
      espSession({ ...base, baudRates: bauds, runUserCode: boot && !resetOk }),
      (e) => {
        if (e.type === 'phase') this.phase = e.phase;
        this.onMachineEvent(e);
      },
    );
    this.session = session;
    const r = await session.result;
    this.facts = r.facts;
    if (resetOk && boot) await hardReset(link, this.deps.sleep);
    return r;
  }

  /** Returns when the failed attempt is worth another (a lower rate, a reset, one reconnect). */
  private retryOrThrow(e: unknown, attempt: number, retry: RetryState): void {
    if (this.cancelRequested || !isFlashError(e) || attempt >= ESP_RESET_ATTEMPTS + 1) throw e;
    if (e.code === FlashErrorCode.BAUD_FAILED) {
      const failed = Number(/baud (\d+)/.exec(e.detail ?? '')?.[1] ?? 0);
      retry.bauds = retry.bauds.filter((b) => b < failed);
      this.report.line(`${e.message}; reconnecting`);
    } else if (e.code === FlashErrorCode.NO_BOOTLOADER && attempt < ESP_RESET_ATTEMPTS) {
      this.report.line(`no answer from the loader (${e.detail}); resetting again`);
    } else if (
      e.code === FlashErrorCode.BOARD_STOPPED &&
      !retry.stoppedOnce &&
      !this.backupFile &&
      this.deps.exists(this.target.path)
    ) {
      // A data block never answered: writes are idempotent, so one reconnect (a reset)
      // and a fresh session is safe; a second stop is reported. (The stall this was for,
      // a write never told the port drained, is fixed in serial/SerialLink.ts; this
      // stays for a board that really stopped for a moment.)
      retry.stoppedOnce = true;
      this.report.line(`${e.detail ?? e.message}; reconnecting once`);
    } else throw e;
  }

  private succeeded(r: EspSessionResult): EspJobResult {
    return {
      ok: true,
      jobId: this.id,
      path: this.target.path,
      durationMs: this.report.elapsedMs,
      facts: r.facts,
      baudRate: r.baudRate,
      written: r.written,
      verified: r.written.length > 0 && r.written.every((w) => w.verified),
      erased: r.erased,
      backupFile: this.backupFile,
      data: r.read,
    };
  }

  private failed(e: unknown): EspJobResult {
    const { path } = this.target;
    const error = failureOf(e, this.phase, path, this.deps.exists);
    this.report.line(failureLine(error));
    return {
      ok: false,
      jobId: this.id,
      path,
      durationMs: this.report.elapsedMs,
      facts: this.facts,
      backupFile: this.backupFile,
      error,
    };
  }

  private summary(r: EspSessionResult): string {
    const s = (this.report.elapsedMs / 1000).toFixed(1);
    if (r.written.length) {
      const bytes = r.written.reduce((n, w) => n + w.size, 0);
      return `${r.written.every((w) => w.verified) ? 'verified' : 'written'}: ${bytes} bytes in ${s} s at ${r.baudRate} baud`;
    }
    if (r.erased) return `erased in ${s} s`;
    if (this.backupFile) return `backed up ${r.facts.flashSize ?? 0} bytes in ${s} s`;
    if (r.read) return `read ${r.read.length} bytes in ${s} s`;
    return `identified in ${s} s`;
  }

  private onMachineEvent(e: MachineEvent): void {
    switch (e.type) {
      case 'identified':
        this.facts = e.facts;
        if (this.plan && e.facts.flashSize)
          this.report.totalBytes = planTotalBytes(this.plan, e.facts.flashSize);
        break;
      case 'backup':
        this.saveBackup(e.flash);
        break;
      default:
        this.reportEvent(e);
    }
  }

  /** Synchronous, so that a backup that cannot be saved stops the job before anything changes. */
  private saveBackup(flash: Uint8Array): void {
    const op = this.operation;
    const dir = 'backupDir' in op ? op.backupDir : null;
    if (!dir) return;
    const facts = this.facts;
    if (!facts) return;
    try {
      this.backupFile = writeEspBackup(dir, flash, {
        chip: facts.chip,
        chipName: facts.name,
        mac: facts.mac,
        flashId: facts.flashId,
        date: new Date().toISOString(),
        port: this.target.path,
        serialNumber: this.target.serialNumber ?? null,
      });
      this.report.line(`backup saved to ${this.backupFile}`);
    } catch (e) {
      this.session?.cancel(
        new FlashError(
          FlashErrorCode.FILE_ERROR,
          'could not save the backup, so nothing was written: check the backup folder',
          {
            detail: e instanceof Error ? e.message : String(e),
            phase: 'backing-up',
          },
        ),
      );
    }
  }
}

/**
 * One ESP board's job, the I/O half of protocol/esp: lease the port (the monitor pauses), open it
 * at the ROM's rate, reset into the download mode the way the board needs, run the pure session
 * (stub, fast baud, compressed writes, MD5), save a backup before writing, reset into the new
 * firmware, release the port in `finally`. A result never rejects: a failure is a result with a
 * code and a sentence.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import {
  ESP_FAST_BAUDS,
  ESP_ROM_BAUD,
  espSession,
  FlashError,
  FlashErrorCode,
  isFlashError,
  portLost,
  type EspChipFacts,
  type EspChipKey,
  type EspFlashPlan,
  type EspSessionPlan,
  type EspSessionResult,
  type EspWriteRegion,
  type FlashPhase,
  type MachineEvent,
} from '../protocol';
import type { SerialLink } from '../../serial/SerialLink';
import { writeEspBackup, type EspBackupMeta } from '../espBackup';
import { loadEspStub } from '../espStubs';
import { BoardJob, toFlashError, type BoardJobDeps } from './BoardJob';
import { runSession } from './runSession';

/**
 * Reset timings of the classic auto-reset circuit (two transistors on DTR/RTS: RTS pulls EN low,
 * DTR pulls IO0 low): EN low 100 ms, then IO0 low while EN rises, held 50 ms so the ROM samples
 * the strapping pin.
 */
const ESP_RESET_LOW_MS = 100;
const ESP_BOOT_HOLD_MS = 50;
/** Resets per job before "hold BOOT and press RESET": one per reset sequence, and one more. */
const ESP_RESET_ATTEMPTS = 3;
/** Espressif's USB-Serial/JTAG (ESP32-S3/C3/C6 native USB): its own reset sequence. */
const USB_JTAG_SERIAL = { vendorId: '303a', productId: '1001' };

export interface EspTarget {
  readonly path: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

export type EspOperation =
  | { readonly kind: 'identify' }
  | {
      readonly kind: 'flash';
      readonly plan: EspFlashPlan;
      readonly verify?: boolean;
      /** Full-flash backup before writing into this folder; null: none. */
      readonly backupDir?: string | null;
      /** The chip chosen for the port; null: whatever answers (the image's chip is still checked). */
      readonly board?: EspChipKey | null;
    }
  | { readonly kind: 'backup'; readonly backupDir: string }
  | {
      readonly kind: 'restore';
      readonly data: Uint8Array;
      readonly meta: EspBackupMeta;
      readonly name: string;
    }
  | {
      readonly kind: 'erase';
      readonly region: { readonly offset: number; readonly length: number } | 'all';
      readonly backupDir?: string | null;
    }
  | { readonly kind: 'read'; readonly offset: number; readonly length: number | null };

export interface EspJobOptions {
  /** Fastest rate to try after the stub is up (default 921600); ESP_ROM_BAUD stays there. */
  readonly maxBaud?: number;
  /**
   * What the board does once the job is done (esptool's `--after`): `boot` (default) resets it
   * into its application; `loader` leaves it in the loader for a caller that resets it itself
   * right after (commissioning opens the console and resets, so the whole boot is seen once).
   */
  readonly after?: 'boot' | 'loader';
}

export type EspJobDeps = BoardJobDeps;

interface EspFailure {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly phase?: string;
  readonly address?: number;
}

export type EspJobResult =
  | {
      readonly ok: true;
      readonly jobId: string;
      readonly path: string;
      readonly durationMs: number;
      readonly facts: EspChipFacts;
      readonly baudRate: number;
      /** Regions written, each verified by MD5 when verify was on. */
      readonly written: EspSessionResult['written'];
      readonly verified: boolean;
      readonly erased: boolean;
      readonly backupFile: string | null;
      /** What a `read` operation read. */
      readonly data: Uint8Array | null;
    }
  | {
      readonly ok: false;
      readonly jobId: string;
      readonly path: string;
      readonly durationMs: number;
      /** The chip, when it answered before the failure. */
      readonly facts: EspChipFacts | null;
      readonly backupFile: string | null;
      readonly error: EspFailure;
    };

type ResetKind = 'classic' | 'usb-jtag';

export class EspJob extends BoardJob<EspJobResult> {
  readonly target: EspTarget;
  readonly operation: EspOperation;
  private readonly options: EspJobOptions;
  private backupFile: string | null = null;
  private facts: EspChipFacts | null = null;
  private plan: Omit<EspSessionPlan, 'baudRates'> | null = null;

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
    const { path } = this.target;
    let phase: FlashPhase = 'resetting';
    try {
      // Everything that needs no board first: compression and hashes of what will be written.
      const base = await this.sessionPlan();
      this.plan = base;
      this.report.totalBytes = this.totalBytes(base);
      this.throwIfCancelled(phase);
      const lease = await this.leasePort(path);
      try {
        let bauds = this.bauds();
        let stoppedOnce = false;
        let r: EspSessionResult | undefined;
        for (let attempt = 1; !r; attempt++) {
          const link = await this.openPort(lease, ESP_ROM_BAUD);
          try {
            const resetOk = await this.reset(link, attempt);
            const boot = this.options.after !== 'loader';
            this.throwIfCancelled(phase);
            const session = runSession(
              link,
              espSession({ ...base, baudRates: bauds, runUserCode: boot && !resetOk }),
              (e) => {
                if (e.type === 'phase') phase = e.phase;
                this.onMachineEvent(e);
              },
            );
            this.session = session;
            r = await session.result;
            this.facts = r.facts;
            if (resetOk && boot) await this.hardReset(link);
          } catch (e) {
            if (this.cancelRequested || !isFlashError(e) || attempt >= ESP_RESET_ATTEMPTS + 1)
              throw e;
            if (e.code === FlashErrorCode.BAUD_FAILED) {
              const failed = Number(/baud (\d+)/.exec(e.detail ?? '')?.[1] ?? 0);
              bauds = bauds.filter((b) => b < failed);
              this.report.line(`${e.message}; reconnecting`);
            } else if (e.code === FlashErrorCode.NO_BOOTLOADER && attempt < ESP_RESET_ATTEMPTS) {
              this.report.line(`no answer from the loader (${e.detail}); resetting again`);
            } else if (
              e.code === FlashErrorCode.BOARD_STOPPED &&
              !stoppedOnce &&
              !this.backupFile &&
              this.deps.exists(path)
            ) {
              // A data block never answered: writes are idempotent, so one reconnect (a reset)
              // and a fresh session is safe; a second stop is reported. (The stall this was for,
              // a write never told the port drained, is fixed in serial/SerialLink.ts; this
              // stays for a board that really stopped for a moment.)
              stoppedOnce = true;
              this.report.line(`${e.detail ?? e.message}; reconnecting once`);
            } else throw e;
          } finally {
            this.session = null;
            await link.close();
          }
        }
        this.report.setPhase('done');
        this.report.line(this.summary(r));
        return {
          ok: true,
          jobId: this.id,
          path,
          durationMs: this.report.elapsedMs,
          facts: r.facts,
          baudRate: r.baudRate,
          written: r.written,
          verified: r.written.length > 0 && r.written.every((w) => w.verified),
          erased: r.erased,
          backupFile: this.backupFile,
          data: r.read,
        };
      } finally {
        lease.release();
      }
    } catch (e) {
      let error = toFlashError(e, phase);
      if (error.code === FlashErrorCode.BOARD_STOPPED && !this.deps.exists(path)) {
        error = portLost(error.phase ?? phase, `${path} is gone; ${error.detail ?? ''}`);
      }
      this.report.line(`failed: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
      return {
        ok: false,
        jobId: this.id,
        path,
        durationMs: this.report.elapsedMs,
        facts: this.facts,
        backupFile: this.backupFile,
        error: {
          code: error.code,
          message: error.message,
          detail: error.detail,
          phase: error.phase ?? phase,
          address: error.address,
        },
      };
    }
  }

  private bauds(): number[] {
    const max = this.options.maxBaud ?? ESP_FAST_BAUDS[0];
    return ESP_FAST_BAUDS.filter((b) => b <= max);
  }

  private async sessionPlan(): Promise<Omit<EspSessionPlan, 'baudRates'>> {
    const common = { stubFor: (chip: EspChipKey) => loadEspStub(chip), md5 };
    const op = this.operation;
    switch (op.kind) {
      case 'identify':
        return { ...common, stubFor: () => null };
      case 'flash':
        return {
          ...common,
          plan: op.plan,
          board: op.board ?? null,
          backup: !!op.backupDir,
          write: {
            regions: await Promise.all(
              op.plan.regions.map((r) => compressRegion(r.name, r.offset, r.data)),
            ),
            verify: op.verify ?? true,
          },
        };
      case 'backup':
        return { ...common, backup: true };
      case 'restore':
        return {
          ...common,
          expectChip: op.meta.chip,
          write: { regions: [await compressRegion(op.name, 0, op.data)], verify: true },
        };
      case 'erase':
        return { ...common, backup: !!op.backupDir, erase: op.region };
      case 'read':
        return { ...common, read: { offset: op.offset, length: op.length } };
    }
  }

  /**
   * Bytes the job moves, for the percent; a backup's (or a whole read's) size is the flash's,
   * counted as 4 MB until the chip has said.
   */
  private totalBytes(plan: Omit<EspSessionPlan, 'baudRates'>, flashSize?: number | null): number {
    const written = plan.write?.regions.reduce((n, r) => n + r.size, 0) ?? 0;
    const assumedFlash = flashSize ?? 4 * 1048576;
    return Math.max(
      1,
      (plan.backup ? assumedFlash : 0) +
        written * (plan.write?.verify ? 2 : 1) +
        (plan.read ? (plan.read.length ?? assumedFlash) : 0),
    );
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

  private resetKind(attempt: number): ResetKind {
    const native =
      this.target.vendorId?.toLowerCase() === USB_JTAG_SERIAL.vendorId &&
      this.target.productId?.toLowerCase() === USB_JTAG_SERIAL.productId;
    // Alternate: a board that did not answer one sequence may need the other.
    return (attempt % 2 === 1) === native ? 'usb-jtag' : 'classic';
  }

  /**
   * Into the download mode. Returns false on a port without modem lines (a pty: the virtual
   * board resets when the port opens), where the open was the reset.
   */
  private async reset(link: SerialLink, attempt: number): Promise<boolean> {
    this.report.setPhase('resetting');
    const kind = this.resetKind(attempt);
    const set = (dtr: boolean, rts: boolean) => link.setSignals({ dtr, rts });
    const { sleep } = this.deps;
    if (kind === 'classic') {
      if (!(await set(false, true))) {
        this.report.line('no DTR/RTS on this port: relying on the reset at open');
        return false;
      }
      await sleep(ESP_RESET_LOW_MS);
      await set(true, false);
      await sleep(ESP_BOOT_HOLD_MS);
      await set(false, false);
      this.report.line('reset into download mode with DTR/RTS');
      return true;
    }
    if (!(await set(false, false))) return false;
    await sleep(ESP_RESET_LOW_MS);
    await set(true, false);
    await sleep(ESP_RESET_LOW_MS);
    await set(false, true);
    await sleep(ESP_RESET_LOW_MS);
    await set(false, false);
    this.report.line('reset into download mode (USB-Serial/JTAG sequence)');
    return true;
  }

  /** EN low then high: the chip boots what is in flash. */
  private async hardReset(link: SerialLink): Promise<void> {
    await link.setSignals({ dtr: false, rts: true });
    await this.deps.sleep(ESP_RESET_LOW_MS);
    await link.setSignals({ dtr: false, rts: false });
  }

  private onMachineEvent(e: MachineEvent): void {
    switch (e.type) {
      case 'phase':
        this.report.setPhase(e.phase);
        break;
      case 'progress':
        this.report.advance(e.phase, e.done, e.total);
        break;
      case 'log':
        this.report.line(e.line);
        break;
      case 'identified':
        this.facts = e.facts;
        if (this.plan && e.facts.flashSize)
          this.report.totalBytes = this.totalBytes(this.plan, e.facts.flashSize);
        break;
      case 'backup':
        this.saveBackup(e.flash);
        break;
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

const md5 = (data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('md5').update(data).digest());

const deflateAsync = promisify(deflate);

/**
 * Compressed images by the bytes they compress: the boards of one batch write the same images,
 * and level 9 costs about 0.3 s of a core per MB, so one deflate serves them all. Keyed by the
 * array itself (dropped with it) and checked by MD5, so bytes changed in place are compressed anew.
 */
const compressed = new WeakMap<Uint8Array, { md5: string; data: Promise<Uint8Array> }>();

/**
 * Deflate (level 9, as esptool) and MD5 of one region, before any port is touched. The deflate
 * runs on libuv's thread pool: on the event loop it would stall the other boards' serial lines.
 */
export async function compressRegion(
  name: string,
  offset: number,
  data: Uint8Array,
): Promise<EspWriteRegion> {
  const digest = md5(data);
  const hex = Buffer.from(digest).toString('hex');
  let entry = compressed.get(data);
  if (entry?.md5 !== hex) {
    entry = {
      md5: hex,
      data: deflateAsync(data, { level: 9 }).then((b) => new Uint8Array(b)),
    };
    compressed.set(data, entry);
    entry.data.catch(() => compressed.delete(data));
  }
  return { name, offset, size: data.length, compressed: await entry.data, md5: digest };
}

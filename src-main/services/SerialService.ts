/**
 * Serial ports and flashing for the app: the port watcher (boards remembered in the SQLite
 * settings), one lease per port, the serial monitor and the flasher's jobs, started and stopped
 * with the app. The parts are built by the composition root (app/Studio.ts); this class owns the
 * decisions about them (which port may be used, who holds it, what a flash start needs; the
 * checks themselves are in flashRequests and espToolRequests), so the API's handlers only map
 * calls to these methods.
 */
import { ApiError, ApiErrorCode, type EspBackupInfo } from '../contract';
import {
  parseFirmware,
  type EspChipFacts,
  type EspFlashPlan,
  type Firmware,
} from '../flash/protocol';
import type { BatchRecord, FlashBatches } from '../flash/jobs/FlashBatches';
import type { EspFlasher } from '../flash/jobs/EspFlasher';
import type { Flasher } from '../flash/jobs/Flasher';
import type { DetectedPort, PortWatcher } from '../serial/PortWatcher';
import type { MonitorSession, SerialMonitor } from '../serial/SerialMonitor';
import type { SerialOpener } from '../serial/SerialLink';
import type { PortLeases } from '../serial/SerialPortLease';
import { sentence } from '../contract/sentence';
import { sha256 } from '../util/sha256';
import { espBackupList } from './espToolRequests';
import { startEspTool, startFlash, type EspToolStart, type FlashStarter } from './flashStarts';
import { inspectEspFiles } from './flashRequests';
import { markMonitorAfterFlash } from './monitorAfterFlash';
import type {
  EspFileRequest,
  FlashRequest,
  PortHolder,
  PortServiceEvent,
  SerialServices,
} from './types';
import { Emitter } from '../util/Emitter';

/** Stopping waits this long for cancelled boards to give their ports back, then goes on. */
const SERIAL_STOP_WAIT_MS = 5_000;

export interface SerialServiceParts {
  leases: PortLeases;
  watcher: PortWatcher;
  monitor: SerialMonitor;
  flasher: Flasher;
  esp: EspFlasher;
  jobs: FlashBatches;
  open: SerialOpener;
  /** Where ESP backups go (created 0700 on first use); null: backups need a folder of their own. */
  espBackupDir?: string | null;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export class SerialService implements SerialServices {
  readonly leases: PortLeases;
  readonly watcher: PortWatcher;
  readonly monitor: SerialMonitor;
  readonly flasher: Flasher;
  /** ESP boards (ROM loader + stub): identify, flash, backup, restore, erase. */
  readonly esp: EspFlasher;
  readonly jobs: FlashBatches;
  /** How ports are opened (serialport, or the tests' opener): commissioning taps boards with it. */
  readonly open: SerialOpener;
  private readonly events = new Emitter<{ port: PortServiceEvent }>();
  private readonly disposers: (() => void)[] = [];
  /** The ESP chip last read on each port, until it is unplugged (the Boards page shows it). */
  private readonly espChips = new Map<string, EspChipFacts>();
  readonly espBackupDir: string | null;
  private stopped = false;

  constructor(parts: SerialServiceParts) {
    this.leases = parts.leases;
    this.watcher = parts.watcher;
    this.monitor = parts.monitor;
    this.flasher = parts.flasher;
    this.esp = parts.esp;
    this.jobs = parts.jobs;
    this.open = parts.open;
    this.espBackupDir = parts.espBackupDir ?? null;
    this.disposers.push(
      this.watcher.on((e) => {
        if (e.type === 'error') {
          parts.log?.('warn', e.error.message);
          this.emit({ type: 'listing', error: sentence(e.error.message) });
        } else if (e.type === 'recovered') this.emit({ type: 'listing', error: null });
        else {
          if (e.type === 'unplugged') this.espChips.delete(e.port.path);
          this.emit(e);
        }
      }),
      this.esp.onChip((path, facts) => {
        this.espChips.set(path, facts);
        this.changed(path);
      }),
      // Who holds a port changes when a job starts or ends and when a monitor opens or closes.
      this.jobs.on((e) => {
        if (e.type === 'started') for (const b of e.batch.boards) this.changed(b.target.path);
        else if (e.type === 'result') {
          this.changed(e.board.target.path);
          if (e.result.ok) markMonitorAfterFlash(parts, e.board.target.path, e.batch, e.result);
        }
      }),
    );
  }

  /** Starts polling the ports; the app calls it once. */
  start(): void {
    this.disposers.push(this.watcher.start());
  }

  /** Graceful stop: jobs cancelled (ports given back), monitors closed, polling stopped. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const d of this.disposers.splice(0)) d();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.jobs.cancelAll(),
      new Promise((r) => (timer = setTimeout(r, SERIAL_STOP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    await this.monitor.closeAll();
    this.events.clear();
  }

  /** The ports now; the first call waits for a listing when none has finished yet. */
  async ports(): Promise<DetectedPort[]> {
    if (!this.watcher.hasListed) await this.watcher.refresh();
    return this.watcher.ports();
  }

  /** "Cannot list serial ports: …", or null when listing works. */
  get listError(): string | null {
    const e = this.watcher.listError;
    return e ? sentence(e.message) : null;
  }

  /**
   * A port the watcher lists (after its first listing), or NOT_FOUND: no call opens an arbitrary
   * file of the machine as a serial port.
   */
  async listed(path: string): Promise<DetectedPort> {
    await this.ports();
    const p = this.watcher.port(path);
    if (!p)
      throw new ApiError(
        ApiErrorCode.NOT_FOUND,
        `no port ${path}: pick one from the list, or add it by path`,
      );
    return p;
  }

  /** The open monitor on `path`, or NOT_FOUND. */
  openMonitor(path: string): MonitorSession {
    const s = this.monitor.get(path);
    if (!s || s.status === 'closed')
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no serial monitor is open on ${path}`);
    return s;
  }

  /** The flash job `id`, or NOT_FOUND. */
  job(id: string): BatchRecord {
    const j = this.jobs.get(id);
    if (!j) throw new ApiError(ApiErrorCode.NOT_FOUND, `no flash job ${id}`);
    return j;
  }

  holderOf(path: string): PortHolder {
    if (this.jobs.isFlashing(path)) return 'flashing';
    if (this.leases.holderOf(path)?.kind === 'flasher') return 'flashing';
    const session = this.monitor.get(path);
    return session && session.status !== 'closed' ? 'monitor' : 'free';
  }

  /** A firmware file as text, parsed (FIRMWARE_INVALID when it is not Intel HEX), with its hash. */
  inspectFirmware(hex: string): { firmware: Firmware; sha256: string } {
    return { firmware: parseFirmware(hex), sha256: sha256(hex) };
  }

  /** The ESP chip read on `path` since it was plugged in, or null. */
  espChip(path: string): EspChipFacts | null {
    return this.espChips.get(path) ?? null;
  }

  /**
   * ESP files (base64) checked and placed (FIRMWARE_INVALID when they are not ESP images, are
   * damaged, overlap or were built for different chips), with one hash over names, offsets and
   * bytes.
   */
  inspectEsp(files: readonly EspFileRequest[]): { plan: EspFlashPlan; sha256: string } {
    return inspectEspFiles(this.esp, files);
  }

  /** A port listed and not being flashed, else NOT_FOUND / PORT_BUSY. */
  async flashable(path: string): Promise<DetectedPort> {
    const p = await this.listed(path);
    if (this.holderOf(path) === 'flashing')
      throw new ApiError(
        ApiErrorCode.PORT_BUSY,
        `Port busy: ${path} is being flashed by another job`,
      );
    return p;
  }

  /**
   * Starts flashing: the file parsed, the backup folder and every port checked (listed, not
   * being flashed) before any port is touched.
   */
  startFlash(request: FlashRequest): Promise<BatchRecord> {
    return startFlash(this.starter(), request);
  }

  /** Backs up, restores or erases one ESP board as a job (flashStarts.ts says what is refused). */
  startEspTool(request: EspToolStart): Promise<BatchRecord> {
    return startEspTool(this.starter(), request);
  }

  private starter(): FlashStarter {
    return {
      jobs: this.jobs,
      esp: this.esp,
      espBackupDir: this.espBackupDir,
      flashable: (path) => this.flashable(path),
      espChip: (path) => this.espChip(path),
      inspectFirmware: (hex) => this.inspectFirmware(hex),
    };
  }

  /** The backups in the app's backup folder, newest first. */
  async espBackups(): Promise<{ folder: string | null; backups: EspBackupInfo[] }> {
    const dir = this.espBackupDir;
    if (!dir) return { folder: null, backups: [] };
    return { folder: dir, backups: await espBackupList(dir) };
  }

  /** Port events, plus `changed` whenever a port's holder changes. */
  on(listener: (e: PortServiceEvent) => void): () => void {
    return this.events.on('port', listener);
  }

  /** Tells subscribers that `path`'s state changed (monitor opened or closed). */
  changed(path: string): void {
    const port = this.watcher.port(path);
    if (port) this.emit({ type: 'changed', port });
  }

  private emit(e: PortServiceEvent): void {
    this.events.emit('port', e);
  }
}

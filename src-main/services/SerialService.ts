/**
 * Serial ports and flashing for the app: the port watcher (boards remembered in the SQLite
 * settings), one lease per port, the serial monitor and the flasher's jobs, started and stopped
 * with the app. The parts are built by the composition root (app/Studio.ts); this class owns the
 * decisions about them (which port may be used, who holds it, what a flash start needs), so the
 * API's handlers only map calls to these methods.
 */
import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { ApiError, ApiErrorCode, type EspBackupInfo, type EspToolRequest } from '../contract';
import { listEspBackups, loadEspBackup } from '../flash/espBackup';
import {
  boardById,
  espBoardById,
  ESP_APP_BAUD,
  espImageTarget,
  isFlashError,
  parseFirmware,
  type EspChipFacts,
  type EspFlashPlan,
  type Firmware,
} from '../flash/protocol';
import type {
  BatchRecord,
  BatchResult,
  EspBatchTarget,
  EspToolOperation,
  FlashBatches,
} from '../flash/jobs/FlashBatches';
import type { FlashTarget } from '../flash/jobs/FlashJob';
import type { EspFlasher } from '../flash/jobs/EspFlasher';
import type { Flasher } from '../flash/jobs/Flasher';
import type { DetectedPort, PortWatcher } from '../serial/PortWatcher';
import type { MonitorSession, SerialMonitor } from '../serial/SerialMonitor';
import type { SerialOpener } from '../serial/SerialLink';
import type { PortLeases } from '../serial/SerialPortLease';
import { sentence } from '../contract/sentence';
import { sha256 } from '../util/sha256';
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

/** The folder backups go to: absolute, existing, writable on this machine. */
function checkBackupDir(dir: string): void {
  const refuse = (why: string): never => {
    throw new ApiError(ApiErrorCode.BAD_REQUEST, `backup folder ${dir} ${why}`);
  };
  if (!isAbsolute(dir)) refuse('must be an absolute path on the machine running IoTMP Studio');
  try {
    if (!statSync(dir).isDirectory()) refuse('is not a folder');
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    refuse(`cannot be written: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
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
  private readonly log: SerialServiceParts['log'];
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
    this.log = parts.log;
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
          if (e.result.ok) this.markFlash(e.board.target.path, e.batch, e.result);
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

  /**
   * A monitor open on a flashed port resumes by itself; it gets a marker line where the flash
   * happened and, for an ESP, the rate its applications talk at (an AVR's sketch says nothing
   * about its rate, so the monitor keeps the one the technician chose).
   */
  private markFlash(path: string, batch: BatchRecord, result: BatchResult): void {
    // A backup only read the flash: the firmware the monitor was showing runs on.
    if (batch.operation === 'backup') return;
    const session = this.monitor.get(path);
    if (!session || session.status === 'closed') return;
    const baudRate = result.chip ? ESP_APP_BAUD : null;
    session
      .afterFlash({
        file: batch.firmware.name ?? `firmware ${batch.firmware.sha256.slice(0, 8)}`,
        at: Date.now(),
        baudRate,
      })
      // The monitor's toolbar shows the port's remembered rate: it is this one now.
      .then(() => (baudRate ? this.watcher.rememberBaud(path, baudRate) : undefined))
      .catch((e: unknown) => this.log?.('warn', `monitor after flash on ${path}: ${String(e)}`));
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
    try {
      const plan = this.esp.plan(
        files.map((f) => ({
          name: f.name,
          data: new Uint8Array(Buffer.from(f.data, 'base64')),
          ...(f.offset !== undefined ? { offset: f.offset } : {}),
        })),
      );
      const identity = plan.regions.map(
        (r) => `${r.name}@${r.offset}:${sha256(Buffer.from(r.data).toString('base64'))}`,
      );
      return { plan, sha256: sha256(identity.join('\n')) };
    } catch (e) {
      if (isFlashError(e))
        throw new ApiError(ApiErrorCode.FIRMWARE_INVALID, sentence(e.message), e.detail);
      throw e;
    }
  }

  /** A port listed and not being flashed, else NOT_FOUND / PORT_BUSY. */
  private async flashable(path: string): Promise<DetectedPort> {
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
  async startFlash(request: FlashRequest): Promise<BatchRecord> {
    if (request.backupDir) checkBackupDir(request.backupDir);
    if (request.files) return this.startEspFlash(request, request.files);
    if (request.hex === undefined)
      throw new ApiError(ApiErrorCode.BAD_REQUEST, 'choose the firmware: no file was given');
    const { firmware, sha256: hash } = this.inspectFirmware(request.hex);
    const resolved: FlashTarget[] = [];
    for (const t of request.targets) {
      const p = await this.flashable(t.port);
      if (espBoardById(t.board))
        throw new ApiError(
          ApiErrorCode.BAD_REQUEST,
          `${t.port} is set as an ${espBoardById(t.board)!.name}: an Arduino .hex does not run on it; choose the ESP firmware (.bin) or another board`,
        );
      const board = boardById(t.board);
      if (!board) throw new ApiError(ApiErrorCode.BAD_REQUEST, `no board ${t.board}`);
      resolved.push({
        path: t.port,
        board,
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      });
    }
    return this.jobs.start(
      firmware,
      {
        name: request.name ?? null,
        sha256: hash,
        sizeBytes: firmware.dataBytes,
        target: firmware.target,
      },
      resolved,
      { verify: request.verify ?? true, backupDir: request.backupDir ?? null },
    );
  }

  private async startEspFlash(
    request: FlashRequest,
    files: readonly EspFileRequest[],
  ): Promise<BatchRecord> {
    const { plan, sha256: hash } = this.inspectEsp(files);
    const targets: EspBatchTarget[] = [];
    for (const t of request.targets) {
      const p = await this.flashable(t.port);
      const board = espBoardById(t.board);
      if (!board)
        throw new ApiError(
          ApiErrorCode.BAD_REQUEST,
          `${t.port} is set as ${boardById(t.board)?.name ?? t.board}: ESP files run only on an ESP board; choose its board or an Arduino .hex`,
        );
      targets.push({
        path: t.port,
        board,
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
        ...(p.vendorId ? { vendorId: p.vendorId } : {}),
        ...(p.productId ? { productId: p.productId } : {}),
      });
    }
    const app = plan.regions.find((r) => r.image?.chip) ?? null;
    return this.jobs.startEsp(
      plan,
      {
        name: request.name ?? app?.name ?? plan.regions[0]?.name ?? null,
        sha256: hash,
        sizeBytes: plan.regions.reduce((n, r) => n + r.data.length, 0),
        target: app?.image ? espImageTarget(app.image) : null,
      },
      targets,
      {
        verify: request.verify ?? true,
        backupDir: request.backupDir ?? null,
        ...(request.maxBaud ? { maxBaud: request.maxBaud } : {}),
      },
    );
  }

  /**
   * Backs up, restores or erases one ESP board as a job. Everything that can be refused without
   * the board is refused here (another chip family or a larger flash than the one read on this
   * port, a region off the 4 KB sectors or past the flash, a damaged backup); the session checks
   * the chip and flash again once the board answers.
   */
  async startEspTool(request: {
    port: string;
    board?: string | undefined;
    operation: EspToolRequest;
  }): Promise<BatchRecord> {
    const p = await this.flashable(request.port);
    const known = this.espChips.get(request.port) ?? null;
    const chosen = request.board !== undefined ? espBoardById(request.board) : undefined;
    if (request.board !== undefined && !chosen)
      throw new ApiError(
        ApiErrorCode.BAD_REQUEST,
        `${request.port} is set as ${boardById(request.board)?.name ?? request.board}: backup, restore and erase are for ESP boards`,
      );
    const board = chosen ?? (known ? espBoardById(known.chip) : undefined);
    if (!board)
      throw new ApiError(
        ApiErrorCode.BAD_REQUEST,
        `choose the board on ${request.port}, or read its chip, first`,
      );
    const target: EspBatchTarget = {
      path: request.port,
      board,
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId } : {}),
      ...(p.productId ? { productId: p.productId } : {}),
    };
    const flashSize = known?.chip === board.id ? known.flashSize : null;
    const refuse = (message: string): never => {
      throw new ApiError(ApiErrorCode.BAD_REQUEST, message);
    };
    const mb = (n: number) => `${n / 1048576} MB`;
    const op = request.operation;
    let operation: EspToolOperation;
    let meta: { name: string; sha256: string; sizeBytes: number };
    if (op.kind === 'backup') {
      const dir = this.espBackupDir ?? refuse('this app has no backup folder');
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        chmodSync(dir, 0o700);
      } catch (e) {
        refuse(
          `cannot create the backup folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
      }
      checkBackupDir(dir);
      operation = { kind: 'backup', backupDir: dir };
      meta = { name: `flash of ${board.name}`, sha256: '', sizeBytes: flashSize ?? 0 };
    } else if (op.kind === 'restore') {
      let backup: Awaited<ReturnType<typeof loadEspBackup>>;
      try {
        backup = await loadEspBackup(op.backupFile);
      } catch (e) {
        if (isFlashError(e))
          throw new ApiError(ApiErrorCode.BAD_REQUEST, sentence(e.message), e.detail);
        throw e;
      }
      const { data, meta: m } = backup;
      if (m.chip !== board.id)
        refuse(
          `this backup was taken from an ${m.chipName}, ${request.port} is ${known?.chip === board.id ? 'an' : 'set as an'} ${board.name}: a backup goes back only onto the same chip family; nothing was written`,
        );
      if (flashSize !== null && data.length > flashSize)
        refuse(
          `this backup holds ${mb(data.length)} of flash, the ${board.name} on ${request.port} has ${mb(flashSize)}: nothing was written`,
        );
      operation = { kind: 'restore', data, meta: m, name: basename(op.backupFile) };
      meta = { name: basename(op.backupFile), sha256: m.sha256, sizeBytes: data.length };
    } else {
      const region = op.region;
      if (region) {
        if (region.offset % 0x1000 || region.length % 0x1000)
          refuse(
            `an erase starts and ends on 4 KB sectors: 0x${region.offset.toString(16)} + 0x${region.length.toString(16)} does not`,
          );
        if (flashSize !== null && region.offset + region.length > flashSize)
          refuse(
            `the region ends at 0x${(region.offset + region.length).toString(16)}, past the ${mb(flashSize)} flash of the ${board.name} on ${request.port}`,
          );
      }
      operation = { kind: 'erase', region: region ?? 'all' };
      meta = {
        name: region
          ? `0x${region.offset.toString(16)}–0x${(region.offset + region.length).toString(16)}`
          : 'the whole flash',
        sha256: '',
        sizeBytes: region?.length ?? flashSize ?? 0,
      };
    }
    return this.jobs.startEspTool(operation, { ...meta, target: null }, target);
  }

  /** The backups in the app's backup folder, newest first. */
  async espBackups(): Promise<{ folder: string | null; backups: EspBackupInfo[] }> {
    const dir = this.espBackupDir;
    if (!dir) return { folder: null, backups: [] };
    const list = await listEspBackups(dir);
    return {
      folder: dir,
      backups: list.map((b) => ({
        file: b.file,
        chip: b.chip,
        chipName: b.chipName,
        mac: b.mac,
        flashSize: b.flashSize,
        date: b.date,
        port: b.port,
        serialNumber: b.serialNumber,
      })),
    };
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

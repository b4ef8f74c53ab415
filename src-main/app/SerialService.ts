/**
 * Serial ports and flashing for the app: the port watcher (boards remembered in the SQLite
 * settings), one lease per port, the serial monitor and the flasher's jobs, started and stopped
 * with the app. Built by the composition root for Electron and headless mode alike; the API
 * (api/serialHandlers.ts) is its only user.
 */
import { existsSync } from 'node:fs';
import { BoardMemory } from '../serial/BoardMemory';
import { MemoryStore, type KeyValueStore } from '../serial/KeyValueStore';
import { PortWatcher, type DetectedPort, type PortInfo } from '../serial/PortWatcher';
import { openSerialLink, type SerialOpener } from '../serial/SerialLink';
import { SerialMonitor } from '../serial/SerialMonitor';
import { PortLeases } from '../serial/SerialPortLease';
import { Flasher } from '../flash/jobs/Flasher';
import { EspFlasher } from '../flash/jobs/EspFlasher';
import { FlashBatches } from '../flash/jobs/FlashBatches';
import { sentence } from '../util/sentence';

/** Stopping waits this long for cancelled boards to give their ports back, then goes on. */
export const SERIAL_STOP_WAIT_MS = 5_000;

export type PortHolder = 'free' | 'monitor' | 'flashing';

export type PortServiceEvent =
  | { readonly type: 'plugged' | 'unplugged' | 'changed'; readonly port: DetectedPort }
  | { readonly type: 'listing'; readonly error: string | null };

export interface SerialServiceConfig {
  /** Where boards chosen per port are remembered (the app: SQLite settings; default: memory). */
  store?: KeyValueStore;
  /** Port listing (default: serialport's, which uses udevadm on Linux). */
  list?: () => Promise<PortInfo[]>;
  exists?: (path: string) => boolean;
  open?: SerialOpener;
  pollMs?: number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export class SerialService {
  readonly leases = new PortLeases();
  readonly watcher: PortWatcher;
  readonly monitor: SerialMonitor;
  readonly flasher: Flasher;
  /** ESP boards (ROM loader + stub): identify, flash, backup, restore, erase. */
  readonly esp: EspFlasher;
  readonly jobs: FlashBatches;
  /** How ports are opened (serialport, or the tests' opener): commissioning taps boards with it. */
  readonly open: SerialOpener;
  private readonly listeners = new Set<(e: PortServiceEvent) => void>();
  private readonly disposers: (() => void)[] = [];
  private stopped = false;

  constructor(config: SerialServiceConfig = {}) {
    const open = config.open ?? openSerialLink;
    this.open = open;
    const exists = config.exists ?? existsSync;
    this.watcher = new PortWatcher({
      memory: new BoardMemory(config.store ?? new MemoryStore()),
      exists,
      ...(config.list ? { list: config.list } : {}),
      ...(config.pollMs !== undefined ? { intervalMs: config.pollMs } : {}),
    });
    this.monitor = new SerialMonitor({ leases: this.leases, open });
    this.flasher = new Flasher({ leases: this.leases, open, exists });
    this.esp = new EspFlasher({ leases: this.leases, open, exists });
    this.jobs = new FlashBatches(this.flasher);

    this.disposers.push(
      this.watcher.on((e) => {
        if (e.type === 'error') {
          config.log?.('warn', e.error.message);
          this.emit({ type: 'listing', error: sentence(e.error.message) });
        } else if (e.type === 'recovered') this.emit({ type: 'listing', error: null });
        else this.emit(e);
      }),
      // Who holds a port changes when a job starts or ends and when a monitor opens or closes.
      this.jobs.on((e) => {
        if (e.type === 'started') for (const b of e.batch.boards) this.changed(b.target.path);
        else if (e.type === 'result') this.changed(e.board.target.path);
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
    this.listeners.clear();
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

  holderOf(path: string): PortHolder {
    if (this.jobs.isFlashing(path)) return 'flashing';
    const label = this.leases.holderOf(path)?.label;
    if (label === 'the flasher') return 'flashing';
    const session = this.monitor.get(path);
    return session && session.status !== 'closed' ? 'monitor' : 'free';
  }

  /** Port events, plus `changed` whenever a port's holder changes. */
  on(listener: (e: PortServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells subscribers that `path`'s state changed (monitor opened or closed). */
  changed(path: string): void {
    const port = this.watcher.port(path);
    if (port) this.emit({ type: 'changed', port });
  }

  private emit(e: PortServiceEvent): void {
    for (const l of this.listeners) l(e);
  }
}

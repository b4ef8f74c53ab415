/**
 * Serial port discovery: lists ports with serialport, names the board from its VID:PID, adds the
 * board remembered for its serial number, and turns successive listings into plugged/unplugged
 * events. Ports typed by hand (ptys, unknown devices) are listed too, present while their path
 * exists. Polling, because USB hot-plug notification differs per OS and serialport has none.
 */
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { identifyBoard, type BoardIdentity } from './boardTable';
import type { BoardMemory } from './BoardMemory';
import { SerialError, SerialErrorCode } from './SerialError';
import { Emitter } from '../util/Emitter';

/** Default poll: a plugged board shows within a second (UI.md §3.7). */
const PORT_POLL_DEFAULT_MS = 750;
/** Lower bound: each listing spawns udevadm on Linux; faster polling costs CPU for nothing. */
export const PORT_POLL_MIN_MS = 250;
/** Upper bound: slower than this and a plugged board seems not to be recognised. */
export const PORT_POLL_MAX_MS = 10_000;
/** Ports typed by hand: a handful of ptys or odd devices, bounded so a script cannot add thousands. */
const MAX_MANUAL_PORTS = 64;

export interface PortInfo {
  readonly path: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly pnpId?: string;
  readonly locationId?: string;
}

export interface DetectedPort extends PortInfo {
  readonly identity: BoardIdentity;
  /** Added by path rather than found by listing. */
  readonly manual: boolean;
  /** The board chosen earlier for this port (by serial number), if any. */
  readonly rememberedBoardId?: string;
  /** The baud rate the serial monitor last ran at on this port (by serial number), if any. */
  readonly rememberedBaud?: number;
}

export type PortEvent =
  | { readonly type: 'plugged'; readonly port: DetectedPort }
  | { readonly type: 'unplugged'; readonly port: DetectedPort }
  | { readonly type: 'changed'; readonly port: DetectedPort }
  | { readonly type: 'error'; readonly error: SerialError }
  /** Listing works again after an error. */
  | { readonly type: 'recovered' };

export interface PortWatcherDeps {
  readonly list?: () => Promise<PortInfo[]>;
  readonly exists?: (path: string) => boolean;
  readonly memory?: BoardMemory;
  readonly intervalMs?: number;
}

export class PortWatcher {
  private readonly list: () => Promise<PortInfo[]>;
  private readonly exists: (path: string) => boolean;
  private readonly memory: BoardMemory | undefined;
  readonly intervalMs: number;
  private readonly manual = new Set<string>();
  private current = new Map<string, DetectedPort>();
  private readonly events = new Emitter<{ port: PortEvent }>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastError: string | undefined;
  private listingError: SerialError | undefined;
  private listedOnce = false;
  private refreshing: Promise<DetectedPort[]> | null = null;

  constructor(deps: PortWatcherDeps = {}) {
    this.list = deps.list ?? (() => SerialPort.list());
    this.exists = deps.exists ?? existsSync;
    this.memory = deps.memory;
    const wanted = deps.intervalMs ?? PORT_POLL_DEFAULT_MS;
    this.intervalMs = Math.min(PORT_POLL_MAX_MS, Math.max(PORT_POLL_MIN_MS, wanted));
  }

  /** Starts polling; the returned disposer stops it (and is safe to call twice). */
  start(): () => void {
    if (!this.running) {
      this.running = true;
      void this.tick();
    }
    return () => this.stop();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  on(listener: (e: PortEvent) => void): () => void {
    return this.events.on('port', listener);
  }

  ports(): DetectedPort[] {
    return [...this.current.values()];
  }

  port(path: string): DetectedPort | undefined {
    return this.current.get(path);
  }

  /** Why the last listing failed (ports added by path are still listed), if it did. */
  get listError(): SerialError | undefined {
    return this.listingError;
  }

  /** Whether a listing has finished, so `ports()` means something. */
  get hasListed(): boolean {
    return this.listedOnce;
  }

  /** Adds a port by path (a pty, an unknown device); it is listed while the path exists. */
  async addManualPort(path: string): Promise<DetectedPort | undefined> {
    if (!this.manual.has(path) && this.manual.size >= MAX_MANUAL_PORTS) {
      throw new SerialError(
        SerialErrorCode.PORT_OPEN_FAILED,
        `too many ports added by path (${MAX_MANUAL_PORTS}): remove some first`,
      );
    }
    // A path that is not there is not added: no listing to run, nothing to take back.
    if (!this.current.has(path) && !this.exists(path)) return undefined;
    this.manual.add(path);
    await this.refresh();
    return this.current.get(path);
  }

  /** Takes back a port added by path; false when it was not added by path. */
  async removeManualPort(path: string): Promise<boolean> {
    const removed = this.manual.delete(path);
    if (removed) await this.refresh();
    return removed;
  }

  /**
   * Records the technician's board choice for the port, remembered by serial number; null
   * forgets it.
   */
  async chooseBoard(path: string, boardId: string | null): Promise<void> {
    const port = this.current.get(path) ?? { path };
    if (boardId === null) await this.memory?.forget(port);
    else await this.memory?.remember(port, boardId);
    const known = this.current.get(path);
    if (known) {
      const updated = { ...known, rememberedBoardId: boardId ?? undefined };
      this.current.set(path, updated);
      this.emit({ type: 'changed', port: updated });
    }
  }

  /**
   * Records the baud rate the monitor opened `path` at, remembered by serial number like the
   * board, so the monitor reopens at it (also after a restart or on another socket).
   */
  async rememberBaud(path: string, baudRate: number): Promise<void> {
    const known = this.current.get(path);
    if (known?.rememberedBaud === baudRate) return;
    await this.memory?.rememberBaud(known ?? { path }, baudRate);
    const now = this.current.get(path);
    if (now) {
      const updated = { ...now, rememberedBaud: baudRate };
      this.current.set(path, updated);
      this.emit({ type: 'changed', port: updated });
    }
  }

  /** Lists now and emits the differences; concurrent calls share one listing. */
  refresh(): Promise<DetectedPort[]> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async tick(): Promise<void> {
    await this.refresh();
    // setTimeout after each listing, not setInterval: a slow listing never overlaps the next.
    if (this.running) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async doRefresh(): Promise<DetectedPort[]> {
    let listed: PortInfo[];
    try {
      listed = await this.list();
      this.lastError = undefined;
      if (this.listingError) {
        this.listingError = undefined;
        this.emit({ type: 'recovered' });
      }
    } catch (e) {
      const raw = e instanceof Error ? e.message : String(e);
      // Reported once per distinct failure, not every poll; ports added by path still work.
      if (raw !== this.lastError) {
        this.lastError = raw;
        this.listingError = new SerialError(
          SerialErrorCode.LIST_FAILED,
          `cannot list serial ports: ${raw}. You can still add a port by path`,
          raw,
        );
        this.emit({ type: 'error', error: this.listingError });
      }
      listed = [...this.current.values()].filter((p) => !p.manual);
    }
    const next = new Map<string, DetectedPort>();
    for (const info of listed) {
      const known = this.current.get(info.path);
      next.set(
        info.path,
        known && sameDevice(known, info) ? known : await this.detect(info, false),
      );
    }
    for (const path of this.manual) {
      if (next.has(path) || !this.exists(path)) continue;
      next.set(path, this.current.get(path) ?? (await this.detect({ path }, true)));
    }
    const before = this.current;
    this.current = next;
    for (const [path, port] of before) {
      const now = next.get(path);
      if (now !== port && !(now !== undefined && sameDevice(now, port))) {
        this.emit({ type: 'unplugged', port });
      }
    }
    for (const [path, port] of next)
      if (before.get(path) !== port) this.emit({ type: 'plugged', port });
    this.listedOnce = true;
    return this.ports();
  }

  private async detect(info: PortInfo, manual: boolean): Promise<DetectedPort> {
    const identity: BoardIdentity = manual
      ? { kind: 'unknown', name: 'Port added by path: choose the board' }
      : identifyBoard(info.vendorId, info.productId);
    // A preference that cannot be read is just not there.
    const rememberedBoardId = await this.memory?.recall(info).catch(() => undefined);
    const rememberedBaud = await this.memory?.recallBaud(info).catch(() => undefined);
    return { ...pick(info), identity, manual, rememberedBoardId, rememberedBaud };
  }

  private emit(e: PortEvent): void {
    this.events.emit('port', e);
  }
}

function pick(info: PortInfo): PortInfo {
  const { path, manufacturer, serialNumber, vendorId, productId, pnpId, locationId } = info;
  return { path, manufacturer, serialNumber, vendorId, productId, pnpId, locationId };
}

function sameDevice(a: PortInfo, b: PortInfo): boolean {
  return (
    a.path === b.path &&
    a.serialNumber === b.serialNumber &&
    a.vendorId === b.vendorId &&
    a.productId === b.productId
  );
}

/**
 * The serial monitor service: one session per port, each with its own bounded buffer of
 * timestamped chunks and lines (no cross-talk between ports). A session holds its port's lease
 * and gives it up to the flasher (suspend), then reopens when the lease comes back (resume). An
 * unplugged cable is a status, and the session retries the port until it is back or closed.
 */
import { writeFile } from 'node:fs/promises';
import { Emitter, type Listener } from '../util/Emitter';
import { SerialError, SerialErrorCode, isSerialError } from './SerialError';
import { openSerialLink, type SerialLink, type SerialOpener } from './SerialLink';
import type { LeaseHolder, PortLeases, SerialPortLease } from './SerialPortLease';

/** Lines kept per port (UI.md §3.9): enough for a long boot log, bounded for a chatty board. */
export const MONITOR_MAX_LINES = 10_000;
/** Bytes kept per port, chunks and lines each (UI.md §3.9: 4 MiB). */
const MONITOR_MAX_BYTES = 4 * 1024 * 1024;
/** A line longer than this is cut into pieces: a board that never sends \n must not grow one line forever. */
const MONITOR_MAX_LINE_CHARS = 4096;
/** How often an unplugged port is tried again: a re-plugged board is back within a second. */
export const MONITOR_REOPEN_MS = 1000;
/** Silence after which an unfinished line (a prompt) is shown (UI.md §3.9). */
export const MONITOR_PARTIAL_MS = 100;

export type LineEnding = 'none' | 'lf' | 'cr' | 'crlf';
export const LINE_ENDINGS: Record<LineEnding, string> = {
  none: '',
  lf: '\n',
  cr: '\r',
  crlf: '\r\n',
};

export interface MonitorOptions {
  baudRate: number;
  /** Appended by `send` (default LF). */
  lineEnding?: LineEnding;
}

export type MonitorStatus = 'opening' | 'connected' | 'paused' | 'unplugged' | 'closed';

export interface MonitorChunk {
  /** Host receive time, ms since the epoch. */
  readonly t: number;
  readonly bytes: Uint8Array;
  /** Sequence number per session, like lines', so a client can ask for "chunks after N". */
  readonly seq: number;
}

export interface MonitorLine {
  readonly t: number;
  /** Without its line end; invalid UTF-8 becomes U+FFFD. */
  readonly text: string;
  /** Sequence number per session, so a client can ask for "lines after N". */
  readonly seq: number;
}

export interface MonitorStatusEvent {
  readonly status: MonitorStatus;
  readonly message: string;
  readonly error?: SerialError;
}

/** Everything a session reports, in order: what `SerialMonitor.watch` delivers per port. */
export type MonitorEvent =
  | { readonly type: 'line'; readonly line: MonitorLine }
  | { readonly type: 'chunk'; readonly chunk: MonitorChunk }
  /** The unfinished line after MONITOR_PARTIAL_MS of silence. */
  | { readonly type: 'partial'; readonly t: number; readonly text: string }
  | ({ readonly type: 'status'; readonly baudRate: number } & MonitorStatusEvent)
  | { readonly type: 'cleared' };

export interface SerialMonitorDeps {
  readonly leases: PortLeases;
  readonly open?: SerialOpener;
  readonly clock?: () => number;
}

export class SerialMonitor {
  private readonly sessions = new Map<string, MonitorSession>();
  private readonly opening = new Map<string, Promise<MonitorSession>>();
  /** Watchers per port path. */
  private readonly watchers = new Emitter<Record<string, MonitorEvent>>();
  private readonly deps: Required<SerialMonitorDeps>;

  constructor(deps: SerialMonitorDeps) {
    this.deps = { open: openSerialLink, clock: Date.now, ...deps };
  }

  /**
   * Opens a monitor on `path` (or returns the one open there); throws PORT_BUSY ("held by the
   * flasher") or an open error.
   */
  open(path: string, options: MonitorOptions): Promise<MonitorSession> {
    const existing = this.sessions.get(path);
    if (existing && existing.status !== 'closed') return Promise.resolve(existing);
    // Two opens of one port at once share the first, rather than the second finding it busy.
    let pending = this.opening.get(path);
    if (!pending) {
      pending = this.start(path, options).finally(() => this.opening.delete(path));
      this.opening.set(path, pending);
    }
    return pending;
  }

  /**
   * Everything the monitors on `path` report (lines, chunks, partial lines, status, clear), across
   * closing and reopening; the disposer stops it.
   */
  watch(path: string, listener: Listener<MonitorEvent>): () => void {
    return this.watchers.on(path, listener);
  }

  get(path: string): MonitorSession | undefined {
    return this.sessions.get(path);
  }

  list(): MonitorSession[] {
    return [...this.sessions.values()];
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.opening.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
  }

  private async start(path: string, options: MonitorOptions): Promise<MonitorSession> {
    const session = new MonitorSession(path, options, this.deps, () => {
      if (this.sessions.get(path) === session) this.sessions.delete(path);
    });
    session.onEvent((e) => this.watchers.emit(path, e));
    await session.start();
    this.sessions.set(path, session);
    return session;
  }
}

/** "— flashed blink.ino.bin at 14:03:07 —": where a flash happened in a monitor's log. */
function flashMarker(file: string, at: number): string {
  const time = new Date(at).toTimeString().slice(0, 8);
  return `— flashed ${file} at ${time} —`;
}

export class MonitorSession implements LeaseHolder {
  readonly kind = 'monitor';
  readonly label = 'the serial monitor';
  readonly path: string;
  private options: Required<MonitorOptions>;
  private readonly deps: Required<SerialMonitorDeps>;
  private readonly onClosed: () => void;
  private lease: SerialPortLease | null = null;
  private link: SerialLink | null = null;
  private state: MonitorStatus = 'opening';
  private message = 'Opening';
  private reopenTimer: NodeJS.Timeout | undefined;
  private partialTimer: NodeJS.Timeout | undefined;
  private lastError: SerialError | undefined;
  private connecting: Promise<void> | null = null;
  private readonly chunkBuf: MonitorChunk[] = [];
  private chunkBytes = 0;
  private readonly lineBuf: MonitorLine[] = [];
  private lineChars = 0;
  private nextSeq = 1;
  private nextChunkSeq = 1;
  private partial = '';
  private partialT = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private dropped = 0;
  private readonly events = new Emitter<{
    chunk: MonitorChunk;
    line: MonitorLine;
    status: MonitorStatusEvent;
    event: MonitorEvent;
  }>();

  constructor(
    path: string,
    options: MonitorOptions,
    deps: Required<SerialMonitorDeps>,
    onClosed: () => void,
  ) {
    this.path = path;
    this.options = { lineEnding: 'lf', ...options };
    this.deps = deps;
    this.onClosed = onClosed;
  }

  get status(): MonitorStatus {
    return this.state;
  }

  get baudRate(): number {
    return this.options.baudRate;
  }

  get lineEnding(): LineEnding {
    return this.options.lineEnding;
  }

  /** The sentence of the last status change ("Connected · 115200 8N1"). */
  get statusMessage(): string {
    return this.message;
  }

  /** Why the port is not connected, while it is not (unplugged, permission denied…). */
  get error(): SerialError | undefined {
    return this.lastError;
  }

  /** Sequence numbers of the newest line and chunk (0: none yet). */
  get lastLineSeq(): number {
    return this.nextSeq - 1;
  }

  get lastChunkSeq(): number {
    return this.nextChunkSeq - 1;
  }

  /** Lines dropped from the front of the buffer since the last clear ("Older lines dropped"). */
  get droppedLines(): number {
    return this.dropped;
  }

  chunks(): readonly MonitorChunk[] {
    return this.chunkBuf;
  }

  lines(): readonly MonitorLine[] {
    return this.lineBuf;
  }

  /** The text received after the last line end (a prompt, say). */
  get partialLine(): string {
    return this.partial;
  }

  /** When the partial line's first byte arrived. */
  get partialTime(): number {
    return this.partialT;
  }

  onChunk(l: Listener<MonitorChunk>): () => void {
    return this.events.on('chunk', l);
  }

  onLine(l: Listener<MonitorLine>): () => void {
    return this.events.on('line', l);
  }

  onStatus(l: Listener<MonitorStatusEvent>): () => void {
    return this.events.on('status', l);
  }

  /** Every event of the session, in order (SerialMonitor.watch is built on it). */
  onEvent(l: Listener<MonitorEvent>): () => void {
    return this.events.on('event', l);
  }

  /** Resolves with the first line (already buffered after `afterSeq`, or new) matching `re`. */
  waitForLine(re: RegExp, timeoutMs: number, afterSeq = 0): Promise<MonitorLine> {
    const have = this.lineBuf.find((l) => l.seq > afterSeq && re.test(l.text));
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no line matching ${re} on ${this.path} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onLine((l) => {
        if (!re.test(l.text)) return;
        clearTimeout(timer);
        off();
        resolve(l);
      });
    });
  }

  /** Sends `text` plus the line ending. Throws when the port is not connected. */
  async send(text: string): Promise<void> {
    await this.sendBytes(new TextEncoder().encode(text + LINE_ENDINGS[this.options.lineEnding]));
  }

  async sendBytes(bytes: Uint8Array): Promise<void> {
    const link = this.link;
    if (!link || this.state !== 'connected') {
      throw new SerialError(
        SerialErrorCode.PORT_CLOSED,
        this.state === 'paused'
          ? 'paused for flashing: the line is sent nowhere until the flash ends'
          : `the monitor on ${this.path} is not connected`,
      );
    }
    link.write(bytes);
    await link.drain();
  }

  setLineEnding(lineEnding: LineEnding): void {
    this.options = { ...this.options, lineEnding };
  }

  /**
   * A flash on this port ended (verified or written): a marker line in the log, so what follows
   * is the new firmware's output, and the rate that firmware talks at (null: keep this one). The
   * monitor was paused and is reopening by itself; the rate changes once it is open.
   */
  async afterFlash(mark: { file: string; at: number; baudRate: number | null }): Promise<void> {
    if (this.state === 'closed') return;
    this.pushLine({ t: mark.at, text: flashMarker(mark.file, mark.at), seq: this.nextSeq++ });
    if (mark.baudRate === null || mark.baudRate === this.options.baudRate) return;
    await this.connecting?.catch(() => undefined);
    await this.setBaudRate(mark.baudRate);
  }

  async setBaudRate(baudRate: number): Promise<void> {
    this.options = { ...this.options, baudRate };
    if (this.link) await this.link.setBaudRate(baudRate);
    // Watchers learn the new rate from an event ordered after the opening's own status events,
    // so a late "Connected · 9600" can never be the last word.
    if (this.state === 'connected') this.setStatus('connected', `Connected · ${baudRate} 8N1`);
  }

  clear(): void {
    this.chunkBuf.length = 0;
    this.chunkBytes = 0;
    this.lineBuf.length = 0;
    this.lineChars = 0;
    this.partial = '';
    this.dropped = 0;
    clearTimeout(this.partialTimer);
    this.emitEvent({ type: 'cleared' });
  }

  /** Saves the buffer: text (one line per line, with receive times when asked) or a hex dump. */
  async saveTo(
    file: string,
    format: { view?: 'text' | 'hex'; timestamps?: boolean } = {},
  ): Promise<void> {
    const stamp = (t: number) => (format.timestamps ? `${new Date(t).toISOString()} ` : '');
    let out: string;
    if (format.view === 'hex') {
      out = this.chunkBuf
        .map(
          (c) => stamp(c.t) + Array.from(c.bytes, (b) => b.toString(16).padStart(2, '0')).join(' '),
        )
        .join('\n');
    } else {
      out = this.lineBuf.map((l) => stamp(l.t) + l.text).join('\n');
      if (this.partial) out += (out ? '\n' : '') + stamp(this.partialT) + this.partial;
    }
    try {
      await writeFile(file, out + '\n');
    } catch (e) {
      throw new SerialError(
        SerialErrorCode.FILE_ERROR,
        `could not save the serial log to ${file}`,
        e instanceof Error ? e.message : String(e),
      );
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.setStatus('closed', 'Closed');
    clearTimeout(this.reopenTimer);
    clearTimeout(this.partialTimer);
    // An open in flight (resume, reopen after unplug) closes its link itself once it sees this.
    await this.connecting?.catch(() => undefined);
    const link = this.link;
    this.link = null;
    await link?.close();
    this.lease?.release();
    this.lease = null;
    this.onClosed();
  }

  /** @internal first open, by SerialMonitor.open */
  async start(): Promise<void> {
    this.lease = this.deps.leases.acquire(this.path, this);
    try {
      await this.connect();
    } catch (e) {
      this.lease.release();
      this.lease = null;
      this.state = 'closed';
      throw e;
    }
  }

  // LeaseHolder: the flasher takes the port.
  async suspend(): Promise<void> {
    clearTimeout(this.reopenTimer);
    this.lease = null; // handed over: PortLeases gives us a new one in resume()
    this.setStatus('paused', 'Paused for flashing · resumes by itself');
    // A reopen in flight (a resume right after the previous flash) must finish and close first,
    // or the new owner's open would race it for the port.
    await this.connecting?.catch(() => undefined);
    const link = this.link;
    this.link = null;
    await link?.close();
  }

  resume(lease: SerialPortLease): void {
    if (this.state === 'closed') {
      lease.release();
      return;
    }
    this.lease = lease;
    this.setStatus('opening', 'Reconnecting after flashing');
    this.connect().catch((e) => this.lost(e));
  }

  private connect(): Promise<void> {
    const p = this.doConnect().finally(() => {
      if (this.connecting === p) this.connecting = null;
    });
    this.connecting = p;
    return p;
  }

  private async doConnect(): Promise<void> {
    const link = await this.deps.open(this.path, { baudRate: this.options.baudRate });
    if (this.state === 'closed' || this.state === 'paused' || !this.lease) {
      await link.close();
      return;
    }
    this.link = link;
    link.onData((bytes) => this.receive(bytes));
    link.onClose((error) => {
      if (this.link !== link) return;
      this.link = null;
      this.lost(error);
    });
    this.setStatus('connected', `Connected · ${this.options.baudRate} 8N1`);
  }

  /** The port went away under us: keep the lease and the buffer, retry until closed. */
  private lost(error: unknown): void {
    if (this.state === 'closed' || this.state === 'paused') return;
    const e = isSerialError(error)
      ? error
      : new SerialError(SerialErrorCode.PORT_LOST, `port ${this.path} disappeared`, String(error));
    this.setStatus('unplugged', 'Port unplugged · reopens when it comes back', e);
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      if (this.state !== 'unplugged' || !this.lease) return;
      this.connect().catch((err) => this.lost(err));
    }, MONITOR_REOPEN_MS);
  }

  private receive(bytes: Uint8Array): void {
    const t = this.deps.clock();
    const chunk: MonitorChunk = { t, bytes: bytes.slice(), seq: this.nextChunkSeq++ };
    this.chunkBuf.push(chunk);
    this.chunkBytes += chunk.bytes.length;
    while (this.chunkBytes > MONITOR_MAX_BYTES && this.chunkBuf.length > 1) {
      this.chunkBytes -= this.chunkBuf.shift()!.bytes.length;
    }
    this.events.emit('chunk', chunk);
    this.emitEvent({ type: 'chunk', chunk });

    if (!this.partial) this.partialT = t;
    this.partial += this.decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0 || this.partial.length > MONITOR_MAX_LINE_CHARS) {
      const cut = nl >= 0 && nl <= MONITOR_MAX_LINE_CHARS ? nl : MONITOR_MAX_LINE_CHARS;
      const text = this.partial.slice(0, cut).replace(/\r$/, '');
      this.partial = this.partial.slice(cut === nl ? cut + 1 : cut);
      this.pushLine({ t: this.partialT, text, seq: this.nextSeq++ });
      this.partialT = t;
    }
    clearTimeout(this.partialTimer);
    if (this.partial) {
      this.partialTimer = setTimeout(() => {
        if (this.partial) this.emitEvent({ type: 'partial', t: this.partialT, text: this.partial });
      }, MONITOR_PARTIAL_MS);
    }
  }

  private pushLine(line: MonitorLine): void {
    this.lineBuf.push(line);
    this.lineChars += line.text.length;
    while (
      (this.lineBuf.length > MONITOR_MAX_LINES || this.lineChars > MONITOR_MAX_BYTES) &&
      this.lineBuf.length > 1
    ) {
      this.lineChars -= this.lineBuf.shift()!.text.length;
      this.dropped++;
    }
    this.events.emit('line', line);
    this.emitEvent({ type: 'line', line });
  }

  private setStatus(status: MonitorStatus, message: string, error?: SerialError): void {
    this.state = status;
    this.message = message;
    this.lastError = error;
    this.events.emit('status', { status, message, error });
    const baudRate = this.options.baudRate;
    this.emitEvent({ type: 'status', status, message, baudRate, ...(error ? { error } : {}) });
  }

  private emitEvent(e: MonitorEvent): void {
    this.events.emit('event', e);
  }
}

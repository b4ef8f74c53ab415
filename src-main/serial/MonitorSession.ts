/**
 * One port's monitor session: it holds the port's lease and gives it up to the flasher
 * (suspend), reopens when the lease comes back (resume), treats an unplugged cable as a status and
 * retries until the port is back or the session is closed. What was received is kept in its
 * MonitorBuffer; every change is an event, in order.
 */
import { writeFile } from 'node:fs/promises';
import { Emitter, type Listener } from '../util/Emitter';
import { MonitorBuffer } from './MonitorBuffer';
import {
  LINE_ENDINGS,
  MONITOR_PARTIAL_MS,
  MONITOR_REOPEN_MS,
  type LineEnding,
  type MonitorChunk,
  type MonitorEvent,
  type MonitorLine,
  type MonitorOptions,
  type MonitorStatus,
  type MonitorStatusEvent,
  type SerialMonitorDeps,
} from './monitorTypes';
import { SerialError, SerialErrorCode, isSerialError } from './SerialError';
import type { SerialLink } from './SerialLink';
import type { LeaseHolder, SerialPortLease } from './SerialPortLease';

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
  private readonly events = new Emitter<{
    chunk: MonitorChunk;
    line: MonitorLine;
    status: MonitorStatusEvent;
    event: MonitorEvent;
  }>();
  private readonly buffer = new MonitorBuffer({
    chunk: (chunk) => {
      this.events.emit('chunk', chunk);
      this.emitEvent({ type: 'chunk', chunk });
    },
    line: (line) => {
      this.events.emit('line', line);
      this.emitEvent({ type: 'line', line });
    },
  });

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
    return this.buffer.lastLineSeq;
  }

  get lastChunkSeq(): number {
    return this.buffer.lastChunkSeq;
  }

  /** Lines dropped from the front of the buffer since the last clear ("Older lines dropped"). */
  get droppedLines(): number {
    return this.buffer.dropped;
  }

  chunks(): readonly MonitorChunk[] {
    return this.buffer.chunks;
  }

  lines(): readonly MonitorLine[] {
    return this.buffer.lines;
  }

  /** The text received after the last line end (a prompt, say). */
  get partialLine(): string {
    return this.buffer.partial;
  }

  /** When the partial line's first byte arrived. */
  get partialTime(): number {
    return this.buffer.partialTime;
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
    const have = this.buffer.lines.find((l) => l.seq > afterSeq && re.test(l.text));
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
    this.buffer.mark(flashMarker(mark.file, mark.at), mark.at);
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
    this.buffer.clear();
    clearTimeout(this.partialTimer);
    this.emitEvent({ type: 'cleared' });
  }

  /** Saves the buffer: text (one line per line, with receive times when asked) or a hex dump. */
  async saveTo(
    file: string,
    format: { view?: 'text' | 'hex'; timestamps?: boolean } = {},
  ): Promise<void> {
    const out = this.buffer.render(format);
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
    const lease = this.deps.leases.acquire(this.path, this);
    this.lease = lease;
    try {
      await this.connect();
    } catch (e) {
      lease.release();
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

  /** Into the buffer; an unfinished line (a prompt) is shown after MONITOR_PARTIAL_MS of silence. */
  private receive(bytes: Uint8Array): void {
    this.buffer.receive(bytes, this.deps.clock());
    clearTimeout(this.partialTimer);
    if (this.buffer.partial) {
      this.partialTimer = setTimeout(() => {
        const text = this.buffer.partial;
        if (text) this.emitEvent({ type: 'partial', t: this.buffer.partialTime, text });
      }, MONITOR_PARTIAL_MS);
    }
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

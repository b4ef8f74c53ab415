/**
 * One port's monitor session: it holds the port's lease and gives it up to the flasher
 * (suspend), reopens when the lease comes back (resume), treats an unplugged cable as a status and
 * retries until the port is back or the session is closed. What was received is kept in its
 * MonitorBuffer; every change is an event, in order.
 */
import { Emitter, type Listener } from '../util/Emitter';
import { MonitorBuffer } from './MonitorBuffer';
import { flashMarker, saveLog, waitForLine } from './monitorLog';
import {
  LINE_ENDINGS,
  MONITOR_PARTIAL_MS,
  type LineEnding,
  type MonitorChunk,
  type MonitorEvent,
  type MonitorLine,
  type MonitorOptions,
  type MonitorStatus,
  type MonitorStatusEvent,
  type SerialMonitorDeps,
} from './monitorTypes';
import { MonitorPort } from './MonitorPort';
import type { SerialError } from './SerialError';
import type { LeaseHolder, SerialPortLease } from './SerialPortLease';

export class MonitorSession implements LeaseHolder {
  readonly kind = 'monitor';
  readonly label = 'the serial monitor';
  readonly path: string;
  private options: Required<MonitorOptions>;
  private readonly deps: Required<SerialMonitorDeps>;
  private readonly onClosed: () => void;
  /** The lease, the link and the reopening. */
  private readonly port: MonitorPort;
  private state: MonitorStatus = 'opening';
  private message = 'Opening';
  private partialTimer: NodeJS.Timeout | undefined;
  private lastError: SerialError | undefined;
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
    this.port = new MonitorPort(
      {
        path,
        status: () => this.state,
        baudRate: () => this.options.baudRate,
        setStatus: (status, message, error) => this.setStatus(status, message, error),
        receive: (bytes) => this.receive(bytes),
      },
      deps,
    );
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
    return waitForLine(this.buffer, (l) => this.onLine(l), this.path, { re, timeoutMs, afterSeq });
  }

  /** Sends `text` plus the line ending. Throws when the port is not connected. */
  async send(text: string): Promise<void> {
    await this.sendBytes(new TextEncoder().encode(text + LINE_ENDINGS[this.options.lineEnding]));
  }

  sendBytes(bytes: Uint8Array): Promise<void> {
    return this.port.write(bytes);
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
    await this.port.settled();
    await this.setBaudRate(mark.baudRate);
  }

  async setBaudRate(baudRate: number): Promise<void> {
    this.options = { ...this.options, baudRate };
    await this.port.setBaudRate(baudRate);
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
  saveTo(
    file: string,
    format: { view?: 'text' | 'hex'; timestamps?: boolean } = {},
  ): Promise<void> {
    return saveLog(this.buffer, file, format);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.setStatus('closed', 'Closed');
    clearTimeout(this.partialTimer);
    await this.port.close();
    this.onClosed();
  }

  /** @internal first open, by SerialMonitor.open */
  async start(): Promise<void> {
    try {
      await this.port.start(this);
    } catch (e) {
      this.state = 'closed';
      throw e;
    }
  }

  // LeaseHolder: the flasher takes the port.
  suspend(): Promise<void> {
    return this.port.suspend();
  }

  resume(lease: SerialPortLease): void {
    this.port.resume(lease);
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

/**
 * An open serial port as the services see it: bytes in, bytes out, a close event, modem lines.
 * `openSerialLink` is the serialport implementation; tests and other transports can provide
 * their own `SerialOpener`.
 */
import { SerialPort } from 'serialport';
import { Emitter } from '../util/Emitter';
import { openError, SerialError, SerialErrorCode } from './SerialError';

export interface SerialLink {
  readonly path: string;
  /** Queues bytes; a failure shows as a close with an error. */
  write(bytes: Uint8Array): void;
  /** Resolves once queued bytes have left the process (tcdrain). */
  drain(): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Called once when the port closes; with an error when it was not us (unplugged, I/O error). */
  onClose(listener: (error?: SerialError) => void): () => void;
  /** Sets DTR/RTS. Resolves false when the port has no modem lines (a pty: ENOTTY). */
  setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<boolean>;
  setBaudRate(baudRate: number): Promise<void>;
  /** The port's speed now. */
  readonly baudRate: number;
  readonly isOpen: boolean;
  /** Closes the port; safe to call twice. */
  close(): Promise<void>;
}

interface SerialOpenOptions {
  baudRate: number;
}

export type SerialOpener = (path: string, options: SerialOpenOptions) => Promise<SerialLink>;

/**
 * Least time a port stays closed before we open it again. Opening is what resets an Arduino
 * (DTR on a USB bridge, the open itself on the virtual board, which polls the pty's state every
 * few ms): a close and reopen closer together than this can go unseen, and the flasher would then
 * talk to the running application instead of the bootloader.
 */
const MIN_REOPEN_GAP_MS = 100;
/** Paths closed recently, for MIN_REOPEN_GAP_MS; entries older than the gap are dropped. */
const lastClosed = new Map<string, number>();

async function waitForReopenGap(path: string): Promise<void> {
  const now = performance.now();
  for (const [p, t] of lastClosed) if (now - t >= MIN_REOPEN_GAP_MS) lastClosed.delete(p);
  const closedAt = lastClosed.get(path);
  if (closedAt !== undefined) {
    await new Promise((r) => setTimeout(r, MIN_REOPEN_GAP_MS - (now - closedAt)));
  }
}

export const openSerialLink: SerialOpener = async (path, { baudRate }) => {
  await waitForReopenGap(path);
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(openError(path, err)) : resolve())),
  );
  keepPollerEvents(port);
  return new SerialPortLink(path, port, () => lastClosed.set(path, performance.now()));
};

/** The part of @serialport/bindings-cpp's unix Poller this module relies on. */
export interface UnixPoller {
  poll(eventFlag?: number): void;
  listenerCount(event: string): number;
}
const UV_READABLE = 1;
const UV_WRITABLE = 2;
const UV_DISCONNECT = 4;

/**
 * Works around a lost wake-up in @serialport/bindings-cpp 13's unix Poller: its native `poll(flag)`
 * starts libuv's poll with that one event only, replacing what was being watched. A write that
 * filled the port's buffer waits for "writable"; when the read loop then waits for "readable" (it
 * does after every byte that arrives), "writable" is no longer watched, and the write sits until
 * some byte arrives. An ESP's stub sends nothing until it has the whole block, so the block never
 * finished: the intermittent "no answer to FLASH_DEFL_DATA within 10000 ms" (seen on the virtual
 * ESP with three boards at 921 600 baud: 16 KB still queued, board idle). Every poll here asks for
 * the events still awaited as well. No-op where the binding has no such poller (Windows, tests).
 */
function keepPollerEvents(port: SerialPort): void {
  const poller = (port as unknown as { port?: { poller?: UnixPoller } }).port?.poller;
  if (poller && typeof poller.poll === 'function') watchAwaitedEvents(poller);
}

/** Makes `poller.poll(flag)` also watch every event a listener still awaits. */
export function watchAwaitedEvents(poller: UnixPoller): void {
  const poll = poller.poll.bind(poller);
  const awaited = (event: string, flag: number) => (poller.listenerCount(event) > 0 ? flag : 0);
  poller.poll = (eventFlag = 0) =>
    poll(
      eventFlag |
        awaited('readable', UV_READABLE) |
        awaited('writable', UV_WRITABLE) |
        awaited('disconnect', UV_DISCONNECT),
    );
}

class SerialPortLink implements SerialLink {
  readonly path: string;
  private readonly port: SerialPort;
  private readonly events = new Emitter<{ data: Uint8Array; close: SerialError | undefined }>();
  private closing = false;
  private closed = false;
  private lastError: SerialError | undefined;

  private readonly onClosed: () => void;

  constructor(path: string, port: SerialPort, onClosed: () => void) {
    this.path = path;
    this.port = port;
    this.onClosed = onClosed;
    // Always flowing: bytes nobody listens to are dropped, as on a line nobody reads, so a
    // listener never receives stale bytes from before it subscribed.
    port.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.events.emit('data', bytes);
    });
    // 'error' must have a listener or Node throws it: a failed write or read closes the link.
    port.on('error', (err: Error) => {
      this.lastError ??= new SerialError(
        SerialErrorCode.PORT_LOST,
        `port ${path} failed: ${err.message}`,
        err.message,
      );
      if (port.isOpen && !this.closing) port.close(() => undefined);
      else this.emitClose();
    });
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (err && !this.closing) {
        this.lastError ??= new SerialError(
          SerialErrorCode.PORT_LOST,
          `port ${path} disappeared: plug the board back in`,
          err.message,
        );
      }
      this.emitClose();
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  get baudRate(): number {
    return this.port.baudRate;
  }

  write(bytes: Uint8Array): void {
    if (this.closed || this.closing) return;
    this.port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  drain(): Promise<void> {
    if (!this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.drain(() => resolve()));
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.events.on('data', listener);
  }

  onClose(listener: (error?: SerialError) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener(this.lastError));
      return () => undefined;
    }
    return this.events.on('close', listener);
  }

  setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => this.port.set(signals, (err) => resolve(!err)));
  }

  setBaudRate(baudRate: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.port.update({ baudRate }, (err) =>
        err ? reject(openError(this.path, err)) : resolve(),
      ),
    );
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      this.events.on('close', () => resolve());
      if (this.port.isOpen) {
        this.port.close((err) => {
          // Closing a port whose device vanished can fail; the port is still gone.
          if (err) this.emitClose();
        });
      } else this.emitClose();
    });
  }

  private emitClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
    const error = this.closing ? undefined : this.lastError;
    this.events.clear('data');
    this.events.emit('close', error);
    this.events.clear();
  }
}

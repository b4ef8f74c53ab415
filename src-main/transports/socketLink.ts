/** Adapts a TCP or TLS socket to the broker core: bytes in, frames out, one session each. */
import { Socket, type SocketConstructorOpts } from 'node:net';
import type { Broker } from '../broker/Broker';
import type { Session } from '../broker/Session';
import type { Link, Transport } from '../core/link';
import { TurnBudget } from './TurnBudget';

/** After `end()`, how long a peer that never closes its side may keep the socket. */
export const CLOSE_GRACE_MS = 5000;

export function remoteOf(socket: Socket): string {
  const addr = socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/**
 * The peer's address, read once for the connection's life without keeping Node's copy: reading
 * `remoteAddress` caches an `{ address, family, port }` object on the socket (`_peername`, about
 * 0.1 KB with its strings per connection), which Node reads again itself when asked.
 */
function peerAddressOnce(socket: Socket): string {
  const address = remoteOf(socket);
  const cached = socket as unknown as { _peername?: unknown };
  if (cached._peername !== undefined) cached._peername = undefined;
  return address;
}

/**
 * A class rather than an object of closures, and listeners shared by every socket (they find
 * their session through the socket): an idle connection costs a few hundred bytes less, which
 * is most of the broker's memory with thousands of idle devices (docs/performance.md).
 */
class SocketLink implements Link {
  readonly remoteAddress: string;

  constructor(
    private readonly socket: Socket,
    readonly transport: Transport,
    readonly pacer: SocketPacer,
  ) {
    this.remoteAddress = peerAddressOnce(socket);
  }

  send(frame: Uint8Array): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    socket.write(socket.writableLength > 0 ? ownBytes(frame) : frame);
  }

  get pendingWriteBytes(): number {
    return this.socket.writableLength;
  }

  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** The session is over at once; Node's end of the socket comes in a later slice (see below). */
  close(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    if (!this.pacer.closing.add(socket)) endSocket(socket);
  }
}

/**
 * A frame that will wait in the socket's queue, in a buffer of its own. Encoded frames are views
 * of the encoder's shared chunk (protocol/ByteWriter): queued as they are, a peer that does not
 * read pins whole chunks — 5.6 MB of queued 60 KB answers held 12.7 MB (bench:hostile
 * slow-reader). A frame the kernel takes at once is written without a copy.
 */
export function ownBytes(frame: Uint8Array): Uint8Array {
  return frame.byteLength === frame.buffer.byteLength ? frame : frame.slice();
}

/** Says goodbye (FIN after what is queued) and destroys the socket if the peer never answers. */
function endSocket(socket: Socket): void {
  if (socket.destroyed || socket.writableEnded) return;
  socket.end();
  const t = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  t.unref();
  socket.once('close', () => clearTimeout(t));
}

/**
 * Accepting, first reads and closing of device sockets, spread over loop turns (TurnBudget): a
 * burst of thousands (a scanner, a flood of guessers, silent sockets timing out together) costs
 * the other devices a few milliseconds per turn instead of one long stall. Online devices'
 * frames never wait here. One per listener set.
 */
export class SocketPacer {
  /** Accepted sockets (paused on connect) waiting for their session. */
  readonly accepting: TurnBudget<Socket>;
  /**
   * Bytes from peers that have not sent a complete CONNECT yet (garbage, header bombs, CONNECTs
   * to check): their socket is paused until its chunk's turn, so a thousand CONNECTs arriving
   * in one poll are decoded and checked a slice at a time.
   */
  readonly connecting = new TurnBudget<FirstBytes>(
    ({ socket, chunk }) => {
      const session = socket[SESSION];
      session.receive(chunk);
      if (session.state !== 'closed') socket.resume();
    },
    { maxPerTurn: 64, sliceMs: 2, maxQueued: 50_000 },
  );
  /** Sockets whose session ended, or whose peer sent EOF, waiting for Node's end. */
  readonly closing = new TurnBudget<Socket>(endSocket, {
    maxPerTurn: 64,
    sliceMs: 2,
    maxQueued: 50_000,
  });

  constructor(broker: Broker, transport: Transport) {
    this.accepting = new TurnBudget<Socket>(
      (s) => {
        if (s.destroyed) return;
        if (attachSocket(broker, s, transport, this, true)) s.resume();
      },
      // Never more waiting than the broker would hold sessions (beyond: refused at once).
      { maxPerTurn: 32, sliceMs: 2, maxQueued: broker.limits.maxConnections },
    );
  }

  /**
   * A socket accepted with `pauseOnConnect`: its session starts in a coming turn. The caller
   * listens for its 'close' with `socketClosed` (deviceListeners tracks every accepted socket).
   */
  accept(socket: Socket): void {
    if (!this.accepting.add(socket)) socket.destroy();
  }

  /** Shutdown: what waits is done now (the broker refuses new sessions once stopped). */
  flush(): void {
    this.accepting.flush();
    this.connecting.flush();
    this.closing.flush();
  }
}

/** The session a device socket feeds (set once, in attachSocket). */
const SESSION = Symbol('iotmp.session');
type SessionSocket = Socket & { [SESSION]: Session };

interface FirstBytes {
  socket: SessionSocket;
  chunk: Uint8Array;
}

/**
 * Bytes from the socket. `chunk` may be a view of the shared read buffer (below): it is only
 * valid during this call, so what waits for a later turn is copied.
 */
function onData(this: SessionSocket, chunk: Uint8Array): void {
  receiveFrom(this, this[SESSION], chunk);
}

function receiveFrom(socket: SessionSocket, session: Session, chunk: Uint8Array): void {
  if (session.state === 'connecting') {
    const { connecting } = (session.link as SocketLink).pacer;
    socket.pause();
    if (connecting.add({ socket, chunk: Buffer.from(chunk) })) return;
    socket.resume(); // the queue is full: no waiting, then
  }
  session.receive(chunk);
}

/**
 * Plain TCP device sockets read into ONE buffer shared by all of them (what Node's `onread`
 * socket option does; `net.Server` offers it for no accepted socket, so it is set here the way
 * `new Socket({ onread })` sets it). Per read that saves Node's 64 KiB allocation, its
 * ArrayBuffer for the GC to track and the Readable stream's push/emit machinery: at 10,000
 * samples/s over 1,000 devices each sample is one read (bench:broker, docs/performance.md).
 * Reads are handled one at a time on the event loop, so the buffer is free again when
 * `onData` returns: the frame parser copies a frame split across reads, the decoder copies
 * binary values and the inspector copies what it keeps. `pause()`/`resume()` and the 'end',
 * 'error' and 'close' events behave as with 'data' listeners (documented for `onread`).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** The socket's own slots for `onread` (found on a probe, never by name), or null if none. */
const USER_BUFFER = ((): { buffer: symbol; callback: symbol } | null => {
  const buffer = new Uint8Array(1);
  const callback = (): boolean => true;
  // (Node's option since v12.2; @types/node lists it only for `connect`.)
  const probe = new Socket({ onread: { buffer, callback } } as SocketConstructorOpts);
  const slots = probe as unknown as Record<symbol, unknown>;
  let b: symbol | undefined;
  let c: symbol | undefined;
  for (const sym of Object.getOwnPropertySymbols(probe)) {
    if (slots[sym] === buffer) b = sym;
    else if (slots[sym] === callback) c = sym;
  }
  probe.destroy();
  return b && c ? { buffer: b, callback: c } : null;
})();

/** A read of `n` bytes into the shared buffer for `session` (the tag it was set up with). */
function onSessionRead(this: Socket, n: number, session: Session): void {
  // A plain view: cheaper to make than a Buffer's `subarray` (a read per sample).
  receiveFrom(this as SessionSocket, session, new Uint8Array(READ_BUFFER.buffer, READ_BUFFER.byteOffset, n));
}

/**
 * Makes `socket` read into the shared buffer and call `onRead(n, buffer)` (as the socket's
 * method) per read instead of emitting 'data'; false when this Node cannot (then use 'data').
 * With a `tag`, `onRead` gets the tag instead of the buffer (the bytes are in the shared buffer
 * all the same): Node hands the callback whatever the socket holds in its read-buffer slot, and
 * elsewhere only asks whether that slot is set (as for its own `onread.buffer` function form).
 * The broker's sockets pass their session, so a read finds it without another field of the
 * socket: the session's symbol sits in a cache line of the socket nothing else touches per read.
 * Also bench:broker's floor server (a child process knip does not follow).
 * @public
 */
export function readIntoSharedBuffer(
  socket: Socket,
  onRead: (this: Socket, n: number, buffer: Buffer) => void,
): boolean;
export function readIntoSharedBuffer<T extends object>(
  socket: Socket,
  onRead: (this: Socket, n: number, tag: T) => void,
  tag: T,
): boolean;
export function readIntoSharedBuffer(
  socket: Socket,
  onRead: (this: Socket, n: number, bufferOrTag: never) => void,
  tag?: object,
): boolean {
  const handle = (socket as unknown as { _handle?: { useUserBuffer?: unknown } })._handle;
  if (USER_BUFFER === null || typeof handle?.useUserBuffer !== 'function') return false;
  const slots = socket as unknown as Record<symbol, unknown>;
  slots[USER_BUFFER.buffer] = tag ?? READ_BUFFER;
  slots[USER_BUFFER.callback] = onRead;
  (handle.useUserBuffer as (b: Uint8Array) => void).call(handle, READ_BUFFER);
  return true;
}

/** The socket closed: its session (if it got one) ends. A 'close' listener of every socket. */
export function socketClosed(this: Socket): void {
  (this as Partial<SessionSocket>)[SESSION]?.transportClosed();
}

/** The peer's EOF (sockets are half-open so that the end can wait for its slice). */
function onEnd(this: SessionSocket): void {
  if (!(this[SESSION].link as SocketLink).pacer.closing.add(this)) endSocket(this);
}

/**
 * Our 'end' listener, in place of Node's own: that one acts only on sockets that are not
 * half-open, and device sockets are (their end waits for its slice). One listener is kept as the
 * function itself, two as an array: 32 bytes per connection.
 */
function listenForEnd(socket: Socket): void {
  if (socket.allowHalfOpen)
    for (const l of socket.listeners('end'))
      if (l.name === 'onReadableStreamEnd') socket.removeListener('end', l as () => void);
  socket.on('end', onEnd);
}

function ignoreError(): void {
  // ECONNRESET and friends: the close event that follows ends the session.
}

/**
 * Gives the socket its session; false (and the socket destroyed) when the broker refuses it.
 * `closeListened`: the caller's own 'close' listener calls `socketClosed` (one listener per
 * socket rather than two: a second makes Node keep an array of them, per connection).
 */
export function attachSocket(
  broker: Broker,
  socket: Socket,
  transport: Transport,
  pacer: SocketPacer,
  closeListened = false,
): boolean {
  const session = broker.attach(new SocketLink(socket, transport, pacer));
  if (!session) {
    socket.destroy();
    return false;
  }
  // §2.5 (recommendation): TCP_NODELAY; samples and answers are small and latency matters.
  socket.setNoDelay(true);
  (socket as SessionSocket)[SESSION] = session;
  // TLS decrypts in Node's own stream (its socket has no such handle): 'data' events there.
  if (transport === 'tls' || !readIntoSharedBuffer(socket, onSessionRead, session))
    socket.on('data', onData);
  socket.on('error', ignoreError);
  if (!closeListened) socket.on('close', socketClosed);
  listenForEnd(socket);
  return true;
}

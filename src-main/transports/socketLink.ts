/** Adapts a TCP or TLS socket to the broker core: bytes in, frames out, one session each. */
import type { Socket } from 'node:net';
import type { Broker } from '../broker/Broker';
import type { Session } from '../broker/Session';
import type { Link, Transport } from '../core/link';

/** After `end()`, how long a peer that never closes its side may keep the socket. */
export const CLOSE_GRACE_MS = 5000;

export function remoteOf(socket: Socket): string {
  const addr = socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
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
  ) {
    this.remoteAddress = remoteOf(socket);
  }

  send(frame: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(frame);
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

  close(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    socket.end();
    const t = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    t.unref();
    socket.once('close', () => clearTimeout(t));
  }
}

/** The session a device socket feeds (set once, in attachSocket). */
const SESSION = Symbol('iotmp.session');
type SessionSocket = Socket & { [SESSION]: Session };

function onData(this: SessionSocket, chunk: Buffer): void {
  this[SESSION].receive(chunk);
}

function onClose(this: SessionSocket): void {
  this[SESSION].transportClosed();
}

function onEnd(this: Socket): void {
  this.end();
}

function ignoreError(): void {
  // ECONNRESET and friends: the close event that follows ends the session.
}

export function attachSocket(broker: Broker, socket: Socket, transport: Transport): void {
  // §2.5 (recommendation): TCP_NODELAY; samples and answers are small and latency matters.
  socket.setNoDelay(true);
  const session = broker.attach(new SocketLink(socket, transport));
  if (!session) {
    socket.destroy();
    return;
  }
  (socket as SessionSocket)[SESSION] = session;
  socket.on('data', onData);
  socket.on('error', ignoreError);
  socket.on('close', onClose);
  socket.on('end', onEnd);
}

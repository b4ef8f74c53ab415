/** Adapts a TCP or TLS socket to the broker core: bytes in, frames out, one session each. */
import type { Socket } from 'node:net';
import type { Broker } from '../broker/Broker';
import type { Link, Transport } from '../core/link';

/** After `end()`, how long a peer that never closes its side may keep the socket. */
export const CLOSE_GRACE_MS = 5000;

export function remoteOf(socket: Socket): string {
  const addr = socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

export function attachSocket(broker: Broker, socket: Socket, transport: Transport): void {
  // §2.5 (recommendation): TCP_NODELAY; samples and answers are small and latency matters.
  socket.setNoDelay(true);
  const link: Link = {
    transport,
    remoteAddress: remoteOf(socket),
    send: (frame) => {
      if (!socket.destroyed) socket.write(frame);
    },
    get pendingWriteBytes() {
      return socket.writableLength;
    },
    pauseReading: () => socket.pause(),
    resumeReading: () => socket.resume(),
    close: () => {
      if (socket.destroyed) return;
      socket.end();
      const t = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      t.unref();
      socket.once('close', () => clearTimeout(t));
    },
  };
  const session = broker.attach(link);
  if (!session) {
    socket.destroy();
    return;
  }
  socket.on('data', (chunk: Buffer) => session.receive(chunk));
  socket.on('error', () => {
    // ECONNRESET and friends: the close event that follows ends the session.
  });
  socket.on('close', () => session.transportClosed());
  socket.on('end', () => socket.end());
}

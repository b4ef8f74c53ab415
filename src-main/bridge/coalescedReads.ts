/**
 * At most one socket read per READ_EVERY_MS for the MQTT client. The cluster answers each
 * PUBLISH with its own PUBACK, and mosquitto writes each as it goes: read as they come, the
 * bridge woke up, read from the kernel and ran mqtt.js's parser once per acknowledgement or
 * two, a turn and a system call each. Here, after a read, the socket stops reading from the
 * kernel for READ_EVERY_MS (the acknowledgements wait there, in the socket's receive buffer) and
 * then takes them all in one read. Nothing is lost or reordered: TCP keeps the bytes, and the
 * sender's flow control is the kernel's as always. The cost is up to READ_EVERY_MS later
 * acknowledgements (the in-flight window is 4,096 messages) and commands from the cluster,
 * against a latency goal of 50 ms that the acknowledgements are not part of.
 */
import { Socket } from 'node:net';

/** How long a socket rests after a read (the bridge's send linger is the same). */
export const READ_EVERY_MS = 5;

/** The part of Node's socket handle (TCP or TLS) that starts and stops reading from the kernel. */
interface ReadHandle {
  reading: boolean;
  readStart(): number;
  readStop(): number;
}

const paced = new WeakSet<object>();

/**
 * Paces the reads of `stream` when it is a TCP or TLS socket (other streams, e.g. WebSocket
 * ones, are left as they are). Idempotent.
 */
export function coalesceReads(stream: unknown, everyMs = READ_EVERY_MS): void {
  if (!(stream instanceof Socket) || paced.has(stream)) return;
  paced.add(stream);
  const socket = stream;
  let resting: NodeJS.Timeout | null = null;
  const handleOf = (): ReadHandle | null => {
    const h = (socket as unknown as { _handle?: Partial<ReadHandle> | null })._handle;
    return h && typeof h.readStop === 'function' && typeof h.readStart === 'function'
      ? (h as ReadHandle)
      : null;
  };
  const wake = (): void => {
    resting = null;
    const h = handleOf();
    // Only when Node itself still wants to read (it stops on its own back-pressure, and starts
    // again by itself then).
    if (h && h.reading && !socket.destroyed) h.readStart();
  };
  socket.on('data', () => {
    if (resting || socket.destroyed) return;
    const h = handleOf();
    if (!h || !h.reading) return;
    h.readStop();
    resting = setTimeout(wake, everyMs);
  });
  socket.once('close', () => {
    if (resting) clearTimeout(resting);
    resting = null;
  });
}

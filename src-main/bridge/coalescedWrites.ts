/**
 * One socket write per event-loop turn for the MQTT client. mqtt-packet writes each PUBLISH as
 * six or seven small `stream.write` calls (fixed header, remaining length, topic length, topic,
 * packet id, properties, payload) and corks the stream per packet. On a Node socket each call is a
 * Writable chunk with its own bookkeeping, and the turn's chunks become one `writev` of thousands
 * of iovecs: the bench's profile put this at about a sixth of the bridge's CPU per sample. Here
 * the chunks of a turn are copied into one buffer and handed to the socket once; the bytes, their
 * order and the socket's back-pressure answer are unchanged. mqtt-packet's per-packet cork is
 * turned off for the same reason.
 */
import { Socket } from 'node:net';

/** The buffer a turn's writes are copied into; a chunk over half of it goes out on its own. */
const BATCH_BYTES = 64 * 1024;

type WriteCallback = (err?: Error | null) => void;
type Encoding = BufferEncoding | undefined;

/**
 * What writes packets onto a coalesced socket without the socket's own `write` checks per chunk
 * (mqtt-packet writes a PUBLISH as six or seven chunks): the same batch as the socket's writes, so
 * their order holds. Only for a socket that is open (the caller checks once per packet).
 */
export interface PacketWriter {
  write(chunk: string | Uint8Array): boolean;
  /** mqtt-packet's answer to a packet it cannot encode: the socket is destroyed, as it does. */
  destroy(err?: Error): void;
}

const writers = new WeakMap<object, PacketWriter>();

/** The PacketWriter of a coalesced socket; otherwise the stream itself (it writes as usual). */
export function packetWriter(stream: PacketWriter): PacketWriter {
  return writers.get(stream) ?? stream;
}

/**
 * Coalesces the writes of `stream` when it is a TCP or TLS socket (other streams, e.g. WebSocket
 * ones, are left as they are). Idempotent. `end()` sends what is pending first.
 */
export function coalesceWrites(stream: unknown): void {
  if (!(stream instanceof Socket) || writers.has(stream)) return;
  const socket = stream;
  const write = socket.write.bind(socket) as (
    chunk: string | Uint8Array,
    encoding?: Encoding,
    cb?: WriteCallback,
  ) => boolean;
  const end = socket.end.bind(socket) as (...args: unknown[]) => Socket;
  const batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  let callbacks: WriteCallback[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    if (used === 0) return;
    // The socket keeps the bytes until the kernel took them: a copy of just the bytes used (from
    // Node's shared pool when small), and the batch buffer is reused (a fresh 64 KiB buffer per
    // turn was memory outside the heap, one more thing for the garbage collector per turn).
    const out = Buffer.allocUnsafe(used);
    batch.copy(out, 0, 0, used);
    const cbs = callbacks;
    used = 0;
    callbacks = [];
    if (cbs.length === 0) write(out);
    else write(out, undefined, (err) => cbs.forEach((cb) => cb(err)));
  };

  /** Into the batch (a large chunk: its own write, after what is pending). */
  const append = (chunk: string | Uint8Array, encoding: Encoding, cb?: WriteCallback): void => {
    const max = typeof chunk === 'string' ? chunk.length * 3 : chunk.byteLength;
    if (used + max > BATCH_BYTES) flush();
    if (max > BATCH_BYTES / 2) {
      write(chunk, encoding, cb);
      return;
    }
    if (typeof chunk === 'string') used += batch.write(chunk, used, encoding ?? 'utf8');
    else if (max <= 4) for (let i = 0; i < max; i++) batch[used++] = chunk[i] ?? 0;
    else {
      batch.set(chunk, used);
      used += max;
    }
    if (cb) callbacks.push(cb);
    if (!scheduled) {
      scheduled = true;
      process.nextTick(flush);
    }
  };

  socket.write = ((
    chunk: string | Uint8Array,
    encoding?: Encoding | WriteCallback,
    cb?: WriteCallback,
  ): boolean => {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    // A closed socket answers as it always does (an error to the callback).
    if (socket.destroyed || socket.writableEnded) return write(chunk, encoding, cb);
    append(chunk, encoding, cb);
    return !socket.writableNeedDrain;
  }) as Socket['write'];

  writers.set(socket, {
    write: (chunk) => {
      append(chunk, undefined);
      return true;
    },
    destroy: (err) => socket.destroy(err),
  });

  // mqtt-packet corks a stream that has `cork` for each packet and queues its uncork for the
  // next tick: a tick and a Writable pass per packet for nothing, as a turn's writes are one write
  // here. Hidden on this socket only (Node's net and tls never cork a socket themselves).
  Object.defineProperty(socket, 'cork', { value: undefined, configurable: true, writable: true });

  socket.end = ((...args: unknown[]): Socket => {
    flush();
    return end(...args);
  }) as Socket['end'];
}

/**
 * The bridge's link as it wants it once connected: no Nagle delay (samples are small and latency
 * counts; TCP and TLS sockets) and a turn's packets in one write.
 */
export function tuneLink(stream: unknown): void {
  (stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true);
  coalesceWrites(stream);
}

import { createConnection, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { attachSocket, ownBytes, SocketPacer } from './socketLink';
import { newBroker } from '../broker/testing/newBroker';
import type { Scheduler } from '../core/scheduler';
import type { Session } from '../broker/Session';

const clock: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};
const NO_CREDENTIALS = {
  verify: () => Promise.resolve('unknown' as const),
  verifyCached: () => false,
  register: () => Promise.resolve(),
};

describe('ownBytes (a frame that will wait in a socket queue)', () => {
  it('copies a view of a larger buffer, so the queue does not pin the encoder chunk', () => {
    const chunk = new Uint8Array(16 * 1024);
    chunk.set([1, 2, 3], 100);
    const frame = chunk.subarray(100, 103);
    const own = ownBytes(frame);
    expect([...own]).toEqual([1, 2, 3]);
    expect(own.buffer.byteLength).toBe(3);
  });

  it('passes a frame that already owns its buffer as it is', () => {
    const frame = new Uint8Array([5, 0]);
    expect(ownBytes(frame)).toBe(frame);
  });
});

describe('attachSocket (what each idle device socket keeps)', () => {
  it("keeps the peer's address without Node's cached copy, and one 'end' listener", async () => {
    const broker = newBroker({ scheduler: clock, credentials: NO_CREDENTIALS });
    let session: Session | null = null;
    const attach = broker.attach.bind(broker);
    broker.attach = (link) => (session = attach(link));
    const pacer = new SocketPacer(broker, 'tcp');
    const accepted = new Promise<Socket>((resolve) => {
      const server = createServer({ allowHalfOpen: true }, (s) => {
        server.close();
        resolve(s);
      });
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as { port: number }).port;
        createConnection({ port, host: '127.0.0.1' }).on('error', () => {});
      });
    });
    const socket = await accepted;
    try {
      expect(attachSocket(broker, socket, 'tcp', pacer)).toBe(true);
      expect((session as Session | null)?.link.remoteAddress).toBe('127.0.0.1');
      expect((socket as unknown as { _peername?: unknown })._peername).toBeUndefined();
      // Node's own 'end' listener does nothing on a half-open socket: ours replaces it.
      expect(socket.listenerCount('end')).toBe(1);
      // Node still answers when asked.
      expect(socket.remoteAddress).toMatch(/127\.0\.0\.1$/);
    } finally {
      broker.stop();
      socket.destroy();
    }
  });
});

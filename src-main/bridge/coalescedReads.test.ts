import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceReads } from './coalescedReads';

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** A client socket to a server that writes `chunks` one per event-loop turn, then ends. */
async function talker(chunks: string[]): Promise<Socket> {
  server = createServer((s) => {
    s.setNoDelay(true);
    let i = 0;
    const next = (): void => {
      if (i === chunks.length) return void s.end();
      s.write(chunks[i++] ?? '');
      setImmediate(next);
    };
    next();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  return client;
}

/** Everything the socket receives until the peer ends, the number of reads, and how long it took. */
async function collect(client: Socket): Promise<{ text: string; reads: number; ms: number }> {
  const t0 = performance.now();
  let text = '';
  let reads = 0;
  client.on('data', (c: Buffer) => {
    reads++;
    text += c.toString();
  });
  await once(client, 'end');
  return { text, reads, ms: performance.now() - t0 };
}

describe('coalesceReads', () => {
  it('reads what arrives in order and whole, at most one read per rest period, and sees the end', async () => {
    const chunks = Array.from({ length: 300 }, (_, i) => `m${i};`);
    const client = await talker(chunks);
    coalesceReads(client, 20);
    coalesceReads(client, 20); // idempotent
    const got = await collect(client);
    expect(got.text).toBe(chunks.join(''));
    // One read, then at most one per 20 ms rest (however slow the machine is).
    expect(got.reads).toBeLessThanOrEqual(Math.ceil(got.ms / 20) + 2);
    client.destroy();
  });

  it('leaves streams that are not sockets alone', () => {
    expect(() => coalesceReads({ on: () => {} })).not.toThrow();
  });
});

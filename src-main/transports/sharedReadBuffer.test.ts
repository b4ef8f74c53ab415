/**
 * Plain TCP device sockets read into one buffer shared by all of them (socketLink.ts): what a
 * read leaves behind must be copied before the next read reuses the buffer. Two devices send
 * samples split across many reads and interleaved with each other's; every sample arrives
 * whole, and values kept from early reads (binary payloads, the inspector's frames) still hold
 * their own bytes after later reads overwrote the buffer (IOTMP.md §2.1, §5.10).
 */
import { createConnection, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  Field,
  MessageType,
  bytesToHex,
  encodeFrame,
  ok,
  streamData,
  type PsonValue,
} from '../protocol';
import type { Sample } from '../streams/StreamHub';
import { startTestBroker, TCP_ONLY_LISTENERS } from './testing/brokerFixture';
import { connectDevice, type WireClient } from './testing/wireClient';
import { readIntoSharedBuffer } from './socketLink';

type Env = Awaited<ReturnType<typeof startTestBroker>>;
let env: Env;

beforeAll(async () => {
  env = await startTestBroker({ listeners: TCP_ONLY_LISTENERS });
  for (const d of ['a', 'b']) await env.service.devices.add('acme', d, { credential: 'pw' });
});

afterAll(async () => {
  await env.stop();
});

const SAMPLES = 20;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sample `i` of device `d`: a map with a binary value filled with a byte of its own. */
function payload(d: string, i: number): { [k: string]: PsonValue } {
  const fill = (d === 'a' ? 0x10 : 0x80) + i;
  return { device: d, n: i, blob: new Uint8Array(300).fill(fill), text: `${d}-${i}`.repeat(20) };
}

/** Connects `d`, subscribes to its `sample` stream and answers the broker's START_STREAM. */
async function streamingDevice(d: string, got: Sample[]): Promise<{ dev: WireClient; id: number }> {
  const dev = await connectDevice(env.service.port('tcp')!, ['acme', d, 'pw']);
  env.service.broker.subscribe('acme', d, 'sample', {
    intervalMs: 0,
    onSample: (s) => void got.push(s),
  });
  const start = await dev.next();
  expect(start.message.type).toBe(MessageType.START_STREAM);
  const id = start.message.fields.get(Field.STREAM_ID) as number;
  dev.send(encodeFrame(ok(id), 1));
  return { dev, id };
}

it('samples split across reads and interleaved between devices arrive whole, and what was kept from earlier reads keeps its bytes', async () => {
  const got: Record<string, Sample[]> = { a: [], b: [] };
  const a = await streamingDevice('a', got.a!);
  const b = await streamingDevice('b', got.b!);
  const frames = (d: string, id: number): Uint8Array[] =>
    Array.from({ length: SAMPLES }, (_, i) => encodeFrame(streamData(id, payload(d, i)), 1));
  const fa = frames('a', a.id);
  const fb = frames('b', b.id);
  for (let i = 0; i < SAMPLES; i++) {
    // a's frame in three pieces, b's in two, each piece its own write (and so, most likely, its
    // own read), alternating: a partial frame of one device waits while the other's is read.
    const x = fa[i]!;
    const y = fb[i]!;
    const cuts: [WireClient, Uint8Array][] = [
      [a.dev, x.subarray(0, 1)],
      [b.dev, y.subarray(0, 150)],
      [a.dev, x.subarray(1, 200)],
      [b.dev, y.subarray(150)],
      [a.dev, x.subarray(200)],
    ];
    for (const [dev, piece] of cuts) {
      dev.send(piece);
      await sleep(1);
    }
  }
  await expect.poll(() => got.a!.length + got.b!.length, { timeout: 8000 }).toBe(2 * SAMPLES);
  for (const d of ['a', 'b'])
    expect(got[d]!.map((s) => s.payload)).toEqual(
      Array.from({ length: SAMPLES }, (_, i) => payload(d, i)),
    );
  // The inspector's copies of the first frames, read after every later read.
  const kept = env.service.broker.inspector
    .frames('acme/a')
    .filter((f) => f.type === 'STREAM_DATA')
    .map((f) => f.hex);
  expect(kept).toEqual(fa.map((f) => bytesToHex(f)));
  a.dev.close();
  b.dev.close();
});

it('on this Node an accepted socket really reads into the shared buffer (else a Node upgrade would silently fall back to the slower data events), and a tagged one gets its tag', async () => {
  const reads: string[] = [];
  let enabled = 0;
  let shared: Buffer | null = null;
  const tag = { name: 'tagged' };
  const server = createServer({ pauseOnConnect: true }, (s: Socket) => {
    // The first connection gets the buffer, the second its tag (the bytes in the same buffer).
    if (shared === null)
      enabled += Number(
        readIntoSharedBuffer(s, (n, buffer) => {
          shared = buffer;
          reads.push(buffer.toString('utf8', 0, n));
        }),
      );
    else
      enabled += Number(
        readIntoSharedBuffer(
          s,
          (n, t) => void reads.push(`${t.name}:${shared!.toString('utf8', 0, n)}`),
          tag,
        ),
      );
    s.on('data', () => reads.push('data event'));
    s.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const clients: Socket[] = [];
  for (const text of ['hello', ' world']) {
    const client = createConnection(port, '127.0.0.1');
    clients.push(client);
    await new Promise((r) => client.once('connect', r));
    client.write(text);
    await expect.poll(() => reads.length).toBe(clients.length);
  }
  expect(reads).toEqual(['hello', 'tagged: world']);
  expect(enabled).toBe(2);
  for (const c of clients) c.destroy();
  await new Promise((r) => server.close(r));
});

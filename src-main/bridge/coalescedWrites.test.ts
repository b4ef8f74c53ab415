import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWrites, packetWriter, type PacketWriter } from './coalescedWrites';

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** A client socket to a server that collects what it receives until the client ends. */
async function pair(): Promise<{ client: Socket; received: Promise<Buffer> }> {
  let resolve!: (b: Buffer) => void;
  const received = new Promise<Buffer>((r) => (resolve = r));
  server = createServer((s) => {
    const chunks: Buffer[] = [];
    let reads = 0;
    s.on('data', (c: Buffer) => {
      reads++;
      chunks.push(c);
    });
    s.on('end', () => resolve(Object.assign(Buffer.concat(chunks), { reads })));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  return { client, received };
}

describe('coalesceWrites', () => {
  it('sends the bytes of strings and buffers in order, a large chunk in its place, and pending ones before end()', async () => {
    const { client, received } = await pair();
    coalesceWrites(client);
    coalesceWrites(client); // idempotent
    const big = Buffer.alloc(100_000, 0x42);
    const done: unknown[] = [];
    expect(client.write(Buffer.from([1, 2]))).toBe(true);
    client.write('héllo', 'utf8', (err) => done.push(err ?? 'ok'));
    client.write(big);
    client.write('tail');
    client.end('!');
    const got = await received;
    expect(
      got.equals(
        Buffer.concat([Buffer.from([1, 2]), Buffer.from('héllo'), big, Buffer.from('tail!')]),
      ),
    ).toBe(true);
    await expect.poll(() => done).toEqual(['ok']);
  });

  it('hands a turn of small writes to the socket as one write', async () => {
    const { client, received } = await pair();
    coalesceWrites(client);
    const writes: number[] = [];
    // The socket's own writes (under the patch) are counted where they reach the handle.
    const spy = (client as unknown as { _writeGeneric: (...a: unknown[]) => unknown })
      ._writeGeneric;
    (client as unknown as { _writeGeneric: (...a: unknown[]) => unknown })._writeGeneric =
      function (this: Socket, ...a: unknown[]) {
        writes.push(1);
        return spy.apply(this, a);
      };
    for (let i = 0; i < 1000; i++) client.write(`m${i};`);
    await new Promise((r) => setImmediate(r));
    expect(writes.length).toBe(1);
    client.end();
    const got = (await received).toString();
    expect(got.split(';').length).toBe(1001);
    expect(got.startsWith('m0;m1;')).toBe(true);
  });

  it("mqtt-packet's PUBLISH packets arrive whole and in order, and it no longer corks the socket per packet", async () => {
    const { client, received } = await pair();
    coalesceWrites(client);
    const publish = (messageId: number) => ({
      cmd: 'publish' as const,
      topic: `site/d${messageId}/sample`,
      payload: `{"seq":${messageId},"value":21.5}`,
      qos: 1 as const,
      retain: false,
      dup: false,
      messageId,
    });
    for (let id = 1; id <= 100; id++) {
      mqttPacket.writeToStream(publish(id), client, { protocolVersion: 5 });
      expect(client.writableCorked).toBe(0);
    }
    client.end();
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    const got: number[] = [];
    parser.on('packet', (p) => {
      if (p.cmd === 'publish') got.push(p.messageId ?? 0);
    });
    parser.parse(await received);
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it("packetWriter writes into the socket's batch: packets and the socket's own writes keep their order", async () => {
    const { client, received } = await pair();
    coalesceWrites(client);
    const writer = packetWriter(client);
    expect(writer).not.toBe(client);
    const packet = (messageId: number) => ({
      cmd: 'publish' as const,
      topic: `site/d${messageId}/sample`,
      payload: `{"seq":${messageId}}`,
      qos: 1 as const,
      retain: false,
      dup: false,
      messageId,
    });
    for (let id = 1; id <= 50; id++) {
      if (id % 10 === 0) mqttPacket.writeToStream(packet(id), client, { protocolVersion: 4 });
      else mqttPacket.writeToStream(packet(id), writer as never, { protocolVersion: 4 });
    }
    client.end();
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const got: number[] = [];
    parser.on('packet', (p) => {
      if (p.cmd === 'publish') got.push(p.messageId ?? 0);
    });
    parser.parse(await received);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('packetWriter of a stream that is not a coalesced socket is the stream itself', () => {
    const stream: PacketWriter = { write: () => true, destroy: () => {} };
    expect(packetWriter(stream)).toBe(stream);
  });

  it('a write after the socket is destroyed gets the error, as without it', async () => {
    const { client } = await pair();
    coalesceWrites(client);
    client.destroy();
    const err = await new Promise<Error | null | undefined>((r) => client.write('x', r));
    expect(err).toBeInstanceOf(Error);
  });

  it('leaves streams that are not sockets alone', () => {
    const stream = { write: () => true };
    coalesceWrites(stream);
    expect(stream.write).toBeTypeOf('function');
  });
});

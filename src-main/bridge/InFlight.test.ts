/**
 * InFlight's lean path against a real mosquitto: PUBLISH packets written with mqtt.js's own
 * message ids, outgoing table and store, acknowledged through mqtt.js's PUBACK handling.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { tuneLink } from './coalescedWrites';
import { InFlight } from './InFlight';
import { OutMessage } from './Outbox';
import { MosquittoProcess, mosquittoInstalled } from './testing/mosquittoProcess';

let mosquitto: MosquittoProcess | null = null;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.endAsync(true);
  await mosquitto?.stop();
  mosquitto = null;
});

const message = (seq: number, correlationData?: Buffer): OutMessage =>
  new OutMessage(seq, `t/${seq % 3}`, JSON.stringify({ seq }), 1, false, correlationData);

/** mosquitto started, a consumer of `t/#` collecting each message's seq, and a v5 publisher. */
async function consumerAndPublisher(
  consumerVersion: 4 | 5,
): Promise<{ seen: number[]; client: MqttClient }> {
  const broker = await MosquittoProcess.start();
  mosquitto = broker;
  const consumer = await mqtt.connectAsync(broker.url, {
    clientId: 'c',
    protocolVersion: consumerVersion,
  });
  clients.push(consumer);
  const seen: number[] = [];
  consumer.on('message', (_t, p) => seen.push((JSON.parse(p.toString()) as { seq: number }).seq));
  await consumer.subscribeAsync('t/#', { qos: 1 });
  const client = await mqtt.connectAsync(broker.url, { clientId: 'p', protocolVersion: 5 });
  clients.push(client);
  return { seen, client };
}

describe.skipIf(!mosquittoInstalled())('InFlight', () => {
  it('hands QoS 1 messages to mosquitto in order; each is settled once, and mqtt.js keeps nothing', async () => {
    const { seen, client } = await consumerAndPublisher(5);

    const settled: { seq: number; onDisk: boolean; err: Error | undefined }[] = [];
    const inFlight = new InFlight(5, (m, onDisk, err) => settled.push({ seq: m.seq, onDisk, err }));
    inFlight.connected(client, 100);
    for (let seq = 1; seq <= 100; seq++) inFlight.send(message(seq), seq % 2 === 0);
    // A reply with MQTT 5 correlation data goes the ordinary way, and is settled the same.
    inFlight.send(message(101, Buffer.from('c-1')), false);
    expect(inFlight.room).toBe(100 - 101);
    expect(inFlight.fromDisk).toBe(50);

    await expect.poll(() => settled.length).toBe(101);
    expect(settled.map((s) => s.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(
      settled.every((s) => s.err === undefined && s.onDisk === (s.seq % 2 === 0 && s.seq <= 100)),
    ).toBe(true);
    expect(inFlight.size).toBe(0);
    expect(inFlight.fromDisk).toBe(0);
    expect(Object.keys(client.outgoing)).toEqual([]);
    await expect.poll(() => seen.length).toBe(101);
    expect(seen).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
  });

  it('QoS 0 messages go out in order the same lean way, each settled once written; mqtt.js holds nothing', async () => {
    const { seen, client } = await consumerAndPublisher(4);
    tuneLink(client.stream); // the bridge's link: written through the socket's batch
    const settled: number[] = [];
    const inFlight = new InFlight(5, (m, _onDisk, err) => {
      if (!err) settled.push(m.seq);
    });
    inFlight.connected(client, 10);
    for (let seq = 1; seq <= 50; seq++)
      inFlight.send(new OutMessage(seq, `t/${seq % 3}`, JSON.stringify({ seq }), 0, false), false);
    expect(settled).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(inFlight.size).toBe(0);
    expect(Object.keys(client.outgoing)).toEqual([]);
    await expect.poll(() => seen.length).toBe(50);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('after clear(), answers for what it held are ignored and memory messages are given back', async () => {
    mosquitto = await MosquittoProcess.start();
    const client = await mqtt.connectAsync(mosquitto.url, { clientId: 'p', protocolVersion: 4 });
    clients.push(client);
    const settled: number[] = [];
    const inFlight = new InFlight(4, (m) => settled.push(m.seq));
    inFlight.connected(client, 10);
    inFlight.send(message(1), false);
    inFlight.send(message(2), true);
    expect(inFlight.has(1) && inFlight.has(2)).toBe(true);
    expect(inFlight.clear().map((m) => m.seq)).toEqual([1]);
    await new Promise((r) => setTimeout(r, 200)); // the PUBACKs arrive meanwhile
    expect(settled).toEqual([]);
    expect(inFlight.size).toBe(0);
  });

  it('when mqtt.js gives up on what it holds (a forced end), every lean message is answered with the error', async () => {
    mosquitto = await MosquittoProcess.start();
    // The bridge's session: clean, reconnects its own (mqtt.js flushes `outgoing` on a forced end).
    const client = await mqtt.connectAsync(mosquitto.url, {
      clientId: 'p',
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    const settled: { seq: number; err: Error | undefined }[] = [];
    const inFlight = new InFlight(5, (m, _onDisk, err) => settled.push({ seq: m.seq, err }));
    inFlight.connected(client, 10);
    for (let seq = 1; seq <= 5; seq++) inFlight.send(message(seq), false);
    client.end(true); // before any PUBACK: mqtt.js answers each entry of its `outgoing` with an error
    await expect.poll(() => settled.length).toBe(5);
    expect(settled.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(settled.every((s) => s.err instanceof Error)).toBe(true);
    expect(inFlight.size).toBe(0);
  });
});

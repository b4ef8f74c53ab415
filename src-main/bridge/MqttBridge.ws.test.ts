/**
 * ws:// : the bridge reaches a cluster over MQTT-over-WebSocket (a proxy or a cloud broker's
 * `/mqtt` path). Debian's mosquitto here cannot open a websockets listener, so the cluster is
 * Aedes (a maintained MQTT 3.1.1 broker) behind a `ws` server on 127.0.0.1, with the path kept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { mosquittoInstalled } from './testing/mosquittoProcess';
import { startBridgeSite, type BridgeSite } from './testing/bridgeFixture';

let site: BridgeSite | null = null;
let http: Server | null = null;
let aedes: Aedes | null = null;
afterEach(async () => {
  await site?.stop();
  site = null;
  await new Promise<void>((r) => (aedes ? aedes.close(() => r()) : r()));
  aedes = null;
  http?.closeAllConnections();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  http = null;
});

async function waitUntil(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!mosquittoInstalled())('MQTT bridge over ws://', () => {
  it('connects to an MQTT-over-WebSocket cluster at its path and publishes there', async () => {
    aedes = await Aedes.createBroker();
    const broker = aedes;
    http = createServer();
    const paths: string[] = [];
    new WebSocketServer({ server: http }).on('connection', (socket, request) => {
      paths.push(request.url ?? '');
      broker.handle(createWebSocketStream(socket) as never);
    });
    await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
    const { port } = http.address() as AddressInfo;
    const got: { topic: string; payload: string }[] = [];
    broker.subscribe(
      'plant/site/+/$bucket/#',
      (packet, done) => {
        got.push({ topic: packet.topic, payload: packet.payload.toString() });
        done();
      },
      () => {},
    );

    // Aedes speaks MQTT 3.1.1: the bridge's `--bridge-mqtt 4`.
    site = await startBridgeSite({
      resources: [],
      url: `ws://127.0.0.1:${port}/mqtt`,
      protocolVersion: 4,
    });
    await waitUntil(() => site!.bridge.status().state === 'connected');
    expect(paths).toContain('/mqtt');
    site.env.service.buckets.write('site', 'log', 'meter-0', { kwh: 2 });
    await waitUntil(() => got.length > 0);
    expect(got[0]!.topic).toBe('plant/site/meter-0/$bucket/log');
    expect(JSON.parse(got[0]!.payload)).toMatchObject({ data: { kwh: 2 } });
  }, 40_000);
});

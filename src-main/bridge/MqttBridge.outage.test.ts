/**
 * Store-and-forward against a real mosquitto that is stopped (SIGTERM, as a service manager
 * would) while devices stream, then started again: within the queue bound nothing is lost and
 * the order holds; past it the oldest queued messages are dropped and counted.
 *
 * The outage lasts IOTMP_BRIDGE_OUTAGE_MS (3 s by default, to keep CI lean: the queue is on disk
 * from the first second, so a longer outage only means more rows). The 30 s run:
 *   IOTMP_BRIDGE_OUTAGE_MS=30000 npx vitest run src-main/bridge/MqttBridge.outage.test.ts
 * The consumer is a persistent MQTT session (clean: false, QoS 1) so mosquitto keeps what
 * arrives for it while it reconnects too.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMORY_QUEUE } from './Delivery';
import { mosquittoInstalled } from './testing/mosquittoProcess';
import { startBridgeSite, type BridgeSite } from './testing/bridgeFixture';

const OUTAGE_MS = Number(process.env.IOTMP_BRIDGE_OUTAGE_MS ?? 3000);

const meter = (everyMs: number): unknown => ({
  name: 'meter',
  resources: { power: { kind: 'sensor', value: 100, noise: 5, push: { everyMs } } },
});

let site: BridgeSite | null = null;
let consumer: MqttClient | null = null;
afterEach(async () => {
  await consumer?.endAsync(true);
  consumer = null;
  await site?.stop();
  site = null;
});

/** Sequence numbers as they arrive, for every message with one (the bridge's own status has none). */
async function consume(port: number): Promise<number[]> {
  const seqs: number[] = [];
  consumer = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: 'cluster-consumer',
    clean: false,
    reconnectPeriod: 100,
    protocolVersion: 4,
  });
  consumer.on('error', () => {}); // refused while mosquitto is down: it retries
  consumer.on('message', (_topic, payload) => {
    const seq = (JSON.parse(payload.toString()) as { seq?: number }).seq;
    if (typeof seq === 'number') seqs.push(seq);
  });
  await consumer.subscribeAsync('plant/site/#', { qos: 1 });
  return seqs;
}

async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Delivery is at least once: drop repeats, then what is left must only grow. */
function firstArrivals(seqs: number[]): number[] {
  const seen = new Set<number>();
  return seqs.filter((s) => !seen.has(s) && seen.add(s));
}

async function outage(s: BridgeSite): Promise<number> {
  await s.mosquitto.pause();
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  const during = s.bridge.status();
  expect(during.state).not.toBe('connected');
  await s.mosquitto.resume();
  return during.queued;
}

describe.skipIf(!mosquittoInstalled())('MQTT bridge store-and-forward', () => {
  it(
    `loses nothing and keeps the order when mosquitto is down for ${OUTAGE_MS} ms`,
    async () => {
      site = await startBridgeSite(
        { resources: ['power'], intervalMs: 0, qos: 1 },
        { persistence: true },
      );
      const seqs = await consume(site.mosquitto.port);
      for (let i = 0; i < 3; i++) await site.device(`meter-${i}`, meter(100));
      await waitUntil(() => seqs.length >= 30, 10_000, 'samples before the outage');

      const queued = await outage(site);
      expect(queued).toBeGreaterThan((3 * 10 * OUTAGE_MS) / 1000 / 2);

      await waitUntil(() => site!.bridge.status().state === 'connected', 15_000, 'reconnect');
      await new Promise((r) => setTimeout(r, 500)); // streaming again after the flush
      const status = site.bridge.status();
      const last = status.sequence;
      await waitUntil(() => seqs.includes(last), 20_000, `seq ${last} at the consumer`);
      expect(status.dropped).toBe(0);

      const got = firstArrivals(seqs);
      expect([...got].sort((a, b) => a - b)).toEqual(got); // order kept
      const upTo = got.slice(0, got.indexOf(last) + 1);
      // Nothing lost: every number from the first received to the last produced arrived.
      expect(upTo.length).toBe(last - upTo[0]! + 1);
    },
    60_000 + 2 * OUTAGE_MS,
  );

  it('past the queue bound drops the oldest queued messages and counts them', async () => {
    const bound = 100;
    site = await startBridgeSite(
      { resources: ['power'], intervalMs: 0, qos: 1, queueMaxMessages: bound },
      { persistence: true },
    );
    const seqs = await consume(site.mosquitto.port);
    for (let i = 0; i < 4; i++) await site.device(`meter-${i}`, meter(50));
    await waitUntil(() => seqs.length >= 40, 10_000, 'samples before the outage');
    const before = site.bridge.status().sequence;

    // 4 devices × 20 samples/s: 80 messages a second, past the bound of 100 within 2 s.
    await site.mosquitto.pause();
    await waitUntil(
      () => site!.bridge.status().sequence > before + 2 * bound,
      20_000,
      'twice the bound produced',
    );
    const during = site.bridge.status();
    expect(during.queued).toBeLessThanOrEqual(bound + 600); // the bound + what the client held
    expect(during.dropped).toBeGreaterThan(0);
    await site.mosquitto.resume();
    await waitUntil(() => site!.bridge.status().state === 'connected', 15_000, 'reconnect');
    await new Promise((r) => setTimeout(r, 500));
    const status = site.bridge.status();
    await waitUntil(() => seqs.includes(status.sequence), 20_000, 'the newest at the consumer');

    const got = firstArrivals(seqs);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    const upTo = got.slice(0, got.indexOf(status.sequence) + 1);
    const missing = status.sequence - upTo[0]! + 1 - upTo.length;
    // Exactly the dropped ones are missing, in one run: the oldest of the queue.
    expect(missing).toBe(status.dropped);
    const gaps = upTo.slice(1).filter((s, i) => s !== upTo[i]! + 1);
    expect(gaps.length).toBe(1);
  }, 90_000);

  it('a burst past the memory queue goes through the disk and arrives whole and in order', async () => {
    // A cluster that takes 10 messages at a time (MQTT 5 Receive Maximum): memory fills at once.
    site = await startBridgeSite(
      { resources: [], qos: 1 },
      { extra: ['max_inflight_messages 10'] },
    );
    const seqs = await consume(site.mosquitto.port);
    await waitUntil(() => site!.bridge.status().state === 'connected', 15_000, 'connected');
    const first = site.bridge.status().sequence + 1;
    // More than memory holds, in one event-loop turn: the cluster cannot have acknowledged any.
    const burst = 2 * MEMORY_QUEUE + 500;
    for (let i = 0; i < burst; i++) site.env.service.buckets.write('site', 'log', 'meter-0', { i });
    const last = first + burst - 1;
    expect(site.bridge.status().queued).toBeGreaterThanOrEqual(burst);
    await waitUntil(() => seqs.includes(last), 60_000, `seq ${last} at the consumer`);
    const got = firstArrivals(seqs).filter((s) => s >= first);
    expect(got.length).toBe(burst);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    expect(site.bridge.status().dropped).toBe(0);
  }, 90_000);
});

/**
 * The bridge's per-message path alone, for profiling and A/B work on it (`npx tsx
 * bench/bridge/hotPath.ts`; `BENCH_PROFILE=1` writes a CPU profile of the last round):
 * Delivery → mqtt.js → mosquitto (no subscriber) → PUBACK, paced like a busy site (10 sample
 * messages per 1 ms timer turn), this process's CPU per acknowledged message. No broker and no
 * devices, so no device generator's noise; the generator's own cost (the same turns and payloads,
 * nothing sent) is printed to subtract. To compare two checkouts, run it in each, alternating.
 * Env: HOTPATH_MESSAGES (100,000), HOTPATH_ROUNDS (3), HOTPATH_PER_TURN (10).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { clientOptions } from '../../src-main/bridge/clientOptions';
import { tuneLink } from '../../src-main/bridge/coalescedWrites';
import { Delivery } from '../../src-main/bridge/Delivery';
import { IN_FLIGHT_WINDOW } from '../../src-main/bridge/InFlight';
import { Outbox } from '../../src-main/bridge/Outbox';
import { samplePayload } from '../../src-main/bridge/payloads';
import { resolveBridgeSettings } from '../../src-main/bridge/settings';
import { BridgeTopics } from '../../src-main/bridge/topics';
import { MosquittoProcess } from '../../src-main/bridge/testing/mosquittoProcess';
import { profiling, startProfile, stopProfile } from '../broker/profile';

const MESSAGES = Number(process.env.HOTPATH_MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.HOTPATH_ROUNDS ?? 3);
const PER_TURN = Number(process.env.HOTPATH_PER_TURN ?? 10);
const DEVICES = 1000;

const mosquitto = await MosquittoProcess.start();
const dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-hotpath-'));
const settings = resolveBridgeSettings({ enabled: true, url: mosquitto.url, clientId: 'hotpath' });
const topics = new BridgeTopics('bench', 'hotpath');
const delivery = new Delivery(Outbox.open(join(dir, 'outbox.sqlite'), 1_000_000), {
  qos: 1,
  protocolVersion: settings.protocolVersion,
  log: (level, message) => console.error(level, message),
  onChange: () => {},
});
const client = await mqtt.connectAsync(mosquitto.url, clientOptions(settings, topics.bridge()));
tuneLink(client.stream);
/** Reads of the cluster's acknowledgements (socket 'data' events): the turns they cost. */
let reads = 0;
client.stream.on('data', () => void reads++);
delivery.connected(client, client.serverProperties?.receiveMaximum ?? IN_FLIGHT_WINDOW);

const sampleTopics = Array.from({ length: DEVICES }, (_, i) =>
  topics.sample('bench', `d${i}`, 'sample'),
);

/** The same turns and payloads with nothing sent: the generator's own cost, to subtract. */
function idleRound(n: number): Promise<void> {
  let sent = 0;
  let sink = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < PER_TURN && sent < n; i++, sent++) {
        const ts = Date.now();
        const value = { t: ts, v: sent * 0.5 };
        sink += samplePayload(sent, ts, value).length + sampleTopics[sent % DEVICES]!.length;
      }
      if (sent >= n) {
        clearInterval(timer);
        resolve();
        if (sink < 0) console.log(sink);
      }
    }, 1);
  });
}

/** Enqueues `n` sample messages, PER_TURN per millisecond; resolves when all are acknowledged. */
function round(n: number): Promise<void> {
  const target = delivery.published + n;
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < PER_TURN && sent < n; i++, sent++) {
        const ts = Date.now();
        const value = { t: ts, v: sent * 0.5 };
        delivery.enqueue(sampleTopics[sent % DEVICES]!, (seq) => samplePayload(seq, ts, value));
      }
      if (sent >= n && delivery.published >= target) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
}

await round(10_000); // warm-up
{
  const cpu0 = process.cpuUsage();
  await idleRound(MESSAGES);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `generator alone: ${((cpu.user + cpu.system) / MESSAGES).toFixed(2)} µs CPU per message (subtract it)`,
  );
}
for (let r = 0; r < ROUNDS; r++) {
  if (profiling() && r === ROUNDS - 1) await startProfile();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const reads0 = reads;
  await round(MESSAGES);
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  if (profiling() && r === ROUNDS - 1) await stopProfile('bridge-hotpath');
  console.log(
    `round ${r + 1}: ${((cpu.user + cpu.system) / MESSAGES).toFixed(2)} µs CPU per message (${(cpu.system / MESSAGES).toFixed(2)} in the kernel), ${((MESSAGES * 1000) / ms).toFixed(0)} messages/s, ${((1000 * (reads - reads0)) / MESSAGES).toFixed(0)} reads per 1000`,
  );
}
delivery.close();
await client.endAsync(true);
await mosquitto.stop();
rmSync(dir, { recursive: true, force: true });

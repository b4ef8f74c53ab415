/**
 * Where the floor of the bridge's CPU per message is (`npx tsx bench/bridge/floor.ts`): mqtt.js
 * (the maintained MQTT client the bridge must use) publishing sample messages to Debian's
 * mosquitto on 127.0.0.1 in a bare process, at the site's rate, against the bridge's own path
 * (Delivery → InFlight → mqtt.js) in the same process and run. Paced like a busy site: 10 messages
 * per 1 ms timer turn (10,000 messages/s); the mqtt.js variants keep a turn's messages in an array
 * and publish them every 10 ms (the bridge's linger), so every variant writes and reads as often.
 * Per variant: this process's CPU per acknowledged message, minus the generator's own (the same
 * turns, topics and JSON payloads with nothing sent).
 *
 *   - `mqttjs`: `client.publish(topic, payload, { qos })` with mqtt.js's defaults (MQTT 5);
 *   - `mqttjs-tuned`: the same calls on the bridge's client options and socket (clientOptions,
 *     tuneLink: no per-packet `debug` logging in mqtt.js, keep-alive not re-armed per PUBACK, one
 *     socket write per turn);
 *   - `bridge`: the bridge's Delivery (sequence numbers, queueing, the lean publish path).
 *
 * Env: FLOOR_MESSAGES (50,000 per round), FLOOR_ROUNDS (3, variants alternating), FLOOR_QOS (1),
 * FLOOR_MQTT (5; 4: MQTT 3.1.1 for the tuned and bridge variants), FLOOR_VARIANTS (mqttjs,mqttjs-tuned,bridge). Last line: `RESULT floor_mqttjs_us=<x>
 * floor_mqttjs_tuned_us=<x> bridge_us=<x>` (medians, µs of CPU per message over the generator).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { clientOptions, PUBLISH_OPTIONS } from '../../src-main/bridge/clientOptions';
import { tuneLink } from '../../src-main/bridge/coalescedWrites';
import { Delivery } from '../../src-main/bridge/Delivery';
import { IN_FLIGHT_WINDOW } from '../../src-main/bridge/InFlight';
import { Outbox } from '../../src-main/bridge/Outbox';
import { samplePayload } from '../../src-main/bridge/payloads';
import { resolveBridgeSettings } from '../../src-main/bridge/settings';
import { BridgeTopics } from '../../src-main/bridge/topics';
import { MosquittoProcess } from '../../src-main/bridge/testing/mosquittoProcess';

const MESSAGES = Number(process.env.FLOOR_MESSAGES ?? 50_000);
const ROUNDS = Number(process.env.FLOOR_ROUNDS ?? 3);
const QOS = Number(process.env.FLOOR_QOS ?? 1) as 0 | 1;
/** The MQTT protocol version of the tuned and bridge variants (the bridge's default: 5). */
const MQTT = Number(process.env.FLOOR_MQTT ?? 5) as 4 | 5;
const VARIANTS = (process.env.FLOOR_VARIANTS ?? 'mqttjs,mqttjs-tuned,bridge').split(',');
const PER_TURN = 10;
const LINGER_MS = 10;
const DEVICES = 1000;

const mosquitto = await MosquittoProcess.start();
const dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-floor-'));
const settings = resolveBridgeSettings({
  enabled: true,
  url: mosquitto.url,
  clientId: 'floor',
  qos: QOS,
  protocolVersion: MQTT,
});
const topics = new BridgeTopics('bench', 'floor');
const sampleTopics = Array.from({ length: DEVICES }, (_, i) =>
  topics.sample('bench', `d${i}`, 'sample'),
);

/** Sends one message; `acked` counts the client's answers. */
interface Sender {
  send(topic: string, payload: string): void;
  acked(): number;
}

/** mqtt.js's own publish, a turn's messages held and published every LINGER_MS. */
function mqttjsSender(client: MqttClient): Sender {
  let acked = 0;
  let held: [string, string][] = [];
  const done = (): void => void acked++;
  const options = PUBLISH_OPTIONS[QOS][0];
  setInterval(() => {
    const out = held;
    held = [];
    for (const [topic, payload] of out) client.publish(topic, payload, options, done);
  }, LINGER_MS).unref();
  return {
    send: (topic, payload) => void held.push([topic, payload]),
    acked: () => acked,
  };
}

async function sender(variant: string): Promise<Sender> {
  if (variant === 'mqttjs') {
    return mqttjsSender(await mqtt.connectAsync(mosquitto.url, { clientId: 'floor-plain' }));
  }
  const client = await mqtt.connectAsync(
    mosquitto.url,
    clientOptions({ ...settings, clientId: `floor-${variant}` }, topics.bridge()),
  );
  tuneLink(client.stream);
  if (variant === 'mqttjs-tuned') return mqttjsSender(client);
  if (variant !== 'bridge') throw new Error(`unknown variant ${variant}`);
  const delivery = new Delivery(Outbox.open(join(dir, 'outbox.sqlite'), 1_000_000), {
    qos: QOS,
    protocolVersion: settings.protocolVersion,
    log: (level, message) => console.error(level, message),
    onChange: () => {},
  });
  delivery.connected(client, client.serverProperties?.receiveMaximum ?? IN_FLIGHT_WINDOW);
  return {
    send: (topic, payload) => delivery.enqueue(topic, () => payload),
    acked: () => delivery.published,
  };
}

/**
 * `n` sample messages, PER_TURN per 1 ms turn, to `to` (none: built and dropped, the generator's
 * own cost); resolves when all are answered. Returns µs of CPU per message.
 */
function round(n: number, to?: Sender): Promise<number> {
  const target = (to?.acked() ?? 0) + n;
  let sent = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let i = 0; i < PER_TURN && sent < n; i++, sent++) {
        const ts = Date.now();
        // The payload the bridge sends for a bench device's sample (seq: the message's number).
        const payload = samplePayload(sent, ts, { t: ts, v: sent * 0.5 });
        const topic = sampleTopics[sent % DEVICES]!;
        if (to) to.send(topic, payload);
        else sink += payload.length + topic.length;
      }
      if (sent >= n && (!to || to.acked() >= target)) {
        clearInterval(timer);
        const cpu = process.cpuUsage(cpu0);
        if (sink < 0) console.log(sink);
        resolve((cpu.user + cpu.system) / n);
      }
    }, 1);
  });
}

const senders = new Map<string, Sender>();
for (const v of VARIANTS) {
  senders.set(v, await sender(v));
  await round(10_000, senders.get(v)); // warm-up
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const figures = new Map<string, number[]>(VARIANTS.map((v) => [v, []]));
console.log(
  `${MESSAGES} messages per round at ${PER_TURN} per 1 ms turn, QoS ${QOS}, published every ${LINGER_MS} ms (tuned and bridge: MQTT ${MQTT === 5 ? 5 : '3.1.1'})`,
);
for (let r = 0; r < ROUNDS; r++) {
  const generator = await round(MESSAGES);
  const line = [`round ${r + 1}: generator ${generator.toFixed(2)} µs`];
  for (const v of VARIANTS) {
    const us = (await round(MESSAGES, senders.get(v))) - generator;
    figures.get(v)!.push(us);
    line.push(`${v} ${us.toFixed(2)}`);
  }
  console.log(`${line.join(', ')} µs of CPU per message over the generator`);
}
const m = (v: string): string =>
  figures.get(v)?.length ? median(figures.get(v)!).toFixed(2) : 'n/a';
await mosquitto.stop();
rmSync(dir, { recursive: true, force: true });
console.log(
  `RESULT floor_mqttjs_us=${m('mqttjs')} floor_mqttjs_tuned_us=${m('mqttjs-tuned')} bridge_us=${m('bridge')}`,
);
process.exit(0);

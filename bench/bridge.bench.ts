/**
 * `npm run bench:bridge`: 1,000 simulated devices streaming 10 samples/s into our broker, bridged
 * to Debian's mosquitto by the MQTT bridge (QoS 1, every sample), consumed by an mqtt.js
 * subscriber (QoS 1) in this process:
 *   - delivered ratio: distinct samples the MQTT consumer received / samples the devices sent
 *     (devices pause after the window and the bridge drains before counting);
 *   - end-to-end latency p50/p99: device send → MQTT consumer, over the measured window;
 *   - broker CPU per sample with the bridge on vs off: the broker process's CPU (user + system)
 *     per received sample, once with a plain in-process consumer per stream (off) and once with
 *     the bridge as the only consumer (on); mosquitto's own CPU is printed apart.
 * Broker, devices and mosquitto run in separate processes on 127.0.0.1.
 * Last line: `RESULT bridge_delivered_ratio=<x> bridge_cpu_overhead=<x> bridge_p99_ms=<x>`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { MosquittoProcess, mosquittoInstalled } from '../src-main/bridge/testing/mosquittoProcess';
import { sleep, spawnBenchChild, type Child } from './broker/child';

const here = dirname(fileURLToPath(import.meta.url));
const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const RATE = 10;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 5000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);
const now = (): number => performance.timeOrigin + performance.now();

if (!mosquittoInstalled()) {
  console.error('bench:bridge needs Debian mosquitto (apt-get install mosquitto)');
  process.exit(1);
}

interface ServerStats {
  elapsedMs: number;
  cpuMicros: number;
  frames: number;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function startRun(
  mode: 'on' | 'off',
  url: string,
): Promise<{ server: Child; devices: Child }> {
  const server = spawnBenchChild(join(here, 'bridge', 'server.ts'), [mode, url]);
  const { port } = (await server.event('ready')) as { port: number };
  await server.call({ cmd: 'prepare', devices: DEVICES });
  const devices = spawnBenchChild(join(here, 'broker', 'devices.ts'), [
    'iotmp',
    String(port),
    String(DEVICES),
    'stream',
    String(RATE),
  ]);
  await devices.event('connected');
  await server.call({ cmd: 'consume', devices: DEVICES });
  return { server, devices };
}

async function stopRun(r: { server: Child; devices: Child }): Promise<void> {
  await r.devices.kill();
  await r.server.call({ cmd: 'stop' }).catch(() => {});
  await r.server.kill(true);
}

const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

console.log(
  `node ${process.version}; ${DEVICES} devices at ${RATE} samples/s; warm-up ${WARMUP_MS} ms, measured ${MEASURE_MS} ms`,
);

// Bridge off: the broker alone, one plain consumer per stream.
const mosquitto = await MosquittoProcess.start();
const off = await startRun('off', '');
await sleep(WARMUP_MS);
await off.server.call({ cmd: 'reset' });
await sleep(MEASURE_MS);
const offStats = await off.server.call<ServerStats>({ cmd: 'stats' });
await stopRun(off);
const cpuOff = offStats.cpuMicros / offStats.frames;
console.log(
  `bridge off: ${f((offStats.frames * 1000) / offStats.elapsedMs, 0)} samples/s received, broker CPU ${f(cpuOff, 1)} µs per sample`,
);

// Bridge on: every sample to mosquitto, consumed here.
const consumer = await mqtt.connectAsync(mosquitto.url, {
  clientId: 'bench-consumer',
  clean: true,
});
const seen = new Set<number>();
let latencies: number[] = [];
let measuring = false;
consumer.on('message', (_topic, payload) => {
  const m = JSON.parse(payload.toString()) as { seq: number; value?: { t?: number } };
  seen.add(m.seq);
  if (measuring && typeof m.value?.t === 'number') latencies.push(now() - m.value.t);
});
await consumer.subscribeAsync('bench/bench/+/sample', { qos: 1 });
const on = await startRun('on', mosquitto.url);
await sleep(WARMUP_MS);
latencies = [];
measuring = true;
const mosquittoCpu0 = mosquitto.cpuMicros();
await on.server.call({ cmd: 'reset' });
await sleep(MEASURE_MS);
const onStats = await on.server.call<ServerStats>({ cmd: 'stats' });
const mosquittoCpu = mosquitto.cpuMicros() - mosquittoCpu0;
measuring = false;
on.devices.proc.send({ cmd: 'pause' });
const { sent } = (await on.devices.event('sent')) as { sent: number };
// Let the last samples through the broker, the bridge and mosquitto.
type Status = { queued: number; sequence: number; dropped: number };
let status = await on.server.call<Status>({ cmd: 'bridge' });
for (let i = 0; i < 300; i++) {
  await sleep(100);
  status = await on.server.call<Status>({ cmd: 'bridge' });
  if (status.queued === 0 && seen.size >= sent) break;
  if (status.queued === 0 && i > 30) break;
}
await stopRun(on);
await consumer.endAsync(true);
await mosquitto.stop();

const cpuOn = onStats.cpuMicros / onStats.frames;
const ratio = seen.size / sent;
const p50 = percentile(latencies, 50);
const p99 = percentile(latencies, 99);
console.log(
  `bridge on:  ${f((onStats.frames * 1000) / onStats.elapsedMs, 0)} samples/s received, broker CPU ${f(cpuOn, 1)} µs per sample (${f(cpuOn / cpuOff, 2)}× off); mosquitto ${f(mosquittoCpu / onStats.frames, 1)} µs per sample`,
);
console.log(
  `delivered: ${seen.size} of ${sent} samples sent (${status.dropped} dropped by the queue bound); device → MQTT consumer latency p50 ${f(p50, 2)} ms p99 ${f(p99, 2)} ms`,
);
console.log(
  `RESULT bridge_delivered_ratio=${ratio.toFixed(4)} bridge_cpu_overhead=${(cpuOn / cpuOff).toFixed(2)} bridge_p99_ms=${p99.toFixed(2)}`,
);
process.exit(0);

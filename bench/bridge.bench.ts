/**
 * `npm run bench:bridge`: 1,000 simulated devices streaming 10 samples/s into our broker, bridged
 * to Debian's mosquitto by the MQTT bridge (QoS 1, every sample), consumed by an mqtt.js
 * subscriber (QoS 1) in this process:
 *   - delivered ratio: distinct samples the MQTT consumer received / samples the devices sent
 *     (devices pause after the window and the bridge drains before counting);
 *   - end-to-end latency p50/p99: device send → MQTT consumer, over the measured window;
 *   - broker CPU per sample with the bridge on vs off: the broker process's CPU (user + system)
 *     per received sample, once with a plain in-process consumer per stream (off) and once with
 *     the bridge as the only consumer (on); mosquitto's own CPU is printed apart. The "on" window
 *     starts from an empty bridge queue (devices pause after the warm-up until it drained) and its
 *     CPU is counted until every sample of the window has been acknowledged by mosquitto, so work
 *     a loaded machine defers past the window is neither missed nor borrowed from the warm-up.
 * Broker, devices and mosquitto run in separate processes on 127.0.0.1. Then the floor
 * (bench/bridge/floor.ts): what mqtt.js alone costs per QoS 1 message at this rate, against what
 * the goal leaves the bridge (BENCH_BRIDGE_FLOOR=0 skips it).
 * Last line: `RESULT bridge_delivered_ratio=<x> bridge_cpu_overhead=<x> bridge_p99_ms=<x>`.
 */
import { spawnSync } from 'node:child_process';
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
/**
 * A/B in one run: BENCH_BRIDGE_TREES=/path/to/other/checkout,. runs the broker side (our broker
 * and bridge) of each checkout in turn against the same mosquitto, devices and consumer; the
 * RESULT line is the last tree's. Default: this checkout only.
 */
const TREES = (process.env.BENCH_BRIDGE_TREES ?? '.')
  .split(',')
  .filter(Boolean)
  .map((t) => (t === '.' ? join(here, '..') : t));
/**
 * The bridge's QoS setting for the "on" runs, in turn (BENCH_BRIDGE_QOS=1,0: QoS 1, then QoS 0, in
 * the same run, against the same "off" figure). QoS is the user's setting; the product's default,
 * and the RESULT line, is QoS 1. The consumer subscribes with QoS 1 either way.
 */
const QOS = (process.env.BENCH_BRIDGE_QOS ?? '1')
  .split(',')
  .filter(Boolean)
  .map((q) => Number(q) as 0 | 1 | 2);

if (!mosquittoInstalled()) {
  console.error('bench:bridge needs Debian mosquitto (apt-get install mosquitto)');
  process.exit(1);
}

interface ServerStats {
  elapsedMs: number;
  cpuMicros: number;
  /** Of cpuMicros, in the kernel (socket reads and writes). */
  systemMicros: number;
  frames: number;
  /** Garbage collections in the window (older checkouts do not report them). */
  gc?: { minor: number; minorMs: number; major: number; majorMs: number };
  /** The broker process's resident memory at the window's end, bytes. */
  rss?: number;
}

/** The window's garbage collections, per 1,000 samples (empty when the server does not say). */
const gcLine = (s: ServerStats): string =>
  s.gc
    ? `; GC per 1,000 samples: ${f((1000 * s.gc.minor) / s.frames, 2)} scavenges (${f((1000 * s.gc.minorMs) / s.frames, 2)} ms), ${f((1000 * s.gc.major) / s.frames, 3)} other (${f((1000 * s.gc.majorMs) / s.frames, 2)} ms)`
    : '';
/** The broker process's resident memory at the window's end (when the server says). */
const rssLine = (s: ServerStats): string =>
  s.rss ? `; broker RSS ${f(s.rss / 2 ** 20, 0)} MiB` : '';

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function startRun(
  tree: string,
  mode: 'on' | 'off',
  url: string,
  qos: 0 | 1 | 2 = 1,
): Promise<{ server: Child; devices: Child }> {
  const server = spawnBenchChild(join(tree, 'bench', 'bridge', 'server.ts'), [
    mode,
    url,
    String(qos),
  ]);
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
type Status = { queued: number; sequence: number; dropped: number; published: number };

/** Waits until the bridge holds nothing (and the consumer saw `sent` samples, when given). */
async function drained(server: Child, seen?: () => number, sent = 0): Promise<Status> {
  let status = await server.call<Status>({ cmd: 'bridge' });
  for (let i = 0; i < 1200; i++) {
    if (status.queued === 0 && (!seen || seen() >= sent || i > 50)) break;
    await sleep(100);
    status = await server.call<Status>({ cmd: 'bridge' });
  }
  return status;
}

console.log(
  `node ${process.version}; ${DEVICES} devices at ${RATE} samples/s; warm-up ${WARMUP_MS} ms, measured ${MEASURE_MS} ms`,
);
const mosquitto = await MosquittoProcess.start();

/** Bridge off: the broker alone, one plain consumer per stream. CPU µs per sample. */
async function runOff(tree: string): Promise<number> {
  const off = await startRun(tree, 'off', '');
  await sleep(WARMUP_MS);
  await off.server.call({ cmd: 'reset' });
  await sleep(MEASURE_MS);
  off.devices.proc.send({ cmd: 'pause' });
  await off.devices.event('sent');
  const stats = await off.server.call<ServerStats>({ cmd: 'stats' });
  await stopRun(off);
  const cpu = stats.cpuMicros / stats.frames;
  console.log(
    `bridge off: ${f((stats.frames * 1000) / stats.elapsedMs, 0)} samples/s received, broker CPU ${f(cpu, 1)} µs per sample (${f(stats.systemMicros / stats.frames, 1)} in the kernel)${gcLine(stats)}${rssLine(stats)}`,
  );
  return cpu;
}

interface OnRun {
  cpu: number;
  delivered: number;
  p99: number;
}

/** Bridge on: every sample to mosquitto at `qos`, consumed here. */
async function runOn(tree: string, cpuOff: number, qos: 0 | 1 | 2): Promise<OnRun> {
  const consumer = await mqtt.connectAsync(mosquitto.url, {
    clientId: 'bench-consumer',
    clean: true,
  });
  const seen = new Set<number>();
  const latencies: number[] = [];
  /** Device clock window whose samples count for the latency (both processes use the wall clock). */
  let windowStart = Infinity;
  let windowEnd = Infinity;
  consumer.on('message', (_topic, payload) => {
    const m = JSON.parse(payload.toString()) as { seq: number; value?: { t?: number } };
    seen.add(m.seq);
    const t = m.value?.t;
    if (typeof t === 'number' && t >= windowStart && t <= windowEnd) latencies.push(now() - t);
  });
  await consumer.subscribeAsync('bench/bench/+/sample', { qos: 1 });
  const on = await startRun(tree, 'on', mosquitto.url, qos);
  await sleep(WARMUP_MS);
  // Start from an empty queue: what the warm-up left behind is not this window's work.
  on.devices.proc.send({ cmd: 'pause' });
  await on.devices.event('sent');
  const before = await drained(on.server);
  const seenBefore = seen.size;
  const mosquittoCpu0 = mosquitto.cpuMicros();
  await on.server.call({ cmd: 'reset' });
  windowStart = now();
  on.devices.proc.send({ cmd: 'resume' });
  await on.devices.event('sent');
  await sleep(MEASURE_MS);
  const atWindowEnd = await on.server.call<ServerStats>({ cmd: 'stats', peek: true });
  const queuedAtEnd = (await on.server.call<Status>({ cmd: 'bridge' })).queued;
  on.devices.proc.send({ cmd: 'pause' });
  const { sent } = (await on.devices.event('sent')) as { sent: number };
  windowEnd = now();
  // Every sample of the window through the broker, the bridge and mosquitto.
  const status = await drained(on.server, () => seen.size, sent);
  const stats = await on.server.call<ServerStats>({ cmd: 'stats' });
  const mosquittoCpu = mosquitto.cpuMicros() - mosquittoCpu0;
  await stopRun(on);
  await consumer.endAsync(true);

  const cpu = stats.cpuMicros / stats.frames;
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(
    `bridge on (QoS ${qos}):  ${f((atWindowEnd.frames * 1000) / atWindowEnd.elapsedMs, 0)} samples/s received, broker CPU ${f(cpu, 1)} µs per sample (${f(stats.systemMicros / stats.frames, 1)} in the kernel; ${f(cpu / cpuOff, 2)}× off; window ${f(atWindowEnd.elapsedMs / 1000, 1)} s + drain ${f((stats.elapsedMs - atWindowEnd.elapsedMs) / 1000, 1)} s, ${queuedAtEnd} queued at the window's end, ${status.published - before.published} published); mosquitto ${f(mosquittoCpu / stats.frames, 1)} µs per sample${gcLine(stats)}${rssLine(stats)}`,
  );
  console.log(
    `delivered: ${seen.size} of ${sent} samples sent (${status.dropped} dropped by the queue bound; ${seenBefore} before the window); device → MQTT consumer latency p50 ${f(p50, 2)} ms p99 ${f(p99, 2)} ms`,
  );
  return { cpu, delivered: seen.size / sent, p99 };
}

const results: { tree: string; qos: number; off: number; on: OnRun }[] = [];
for (const tree of TREES) {
  if (TREES.length > 1) console.log(`-- ${tree}`);
  const off = await runOff(tree);
  for (const qos of QOS) results.push({ tree, qos, off, on: await runOn(tree, off, qos) });
}
await mosquitto.stop();
// Both figures: the ratio the goal is set on, and what the bridge adds (the ratio also moves when
// the broker's own cost, "off", does).
for (const r of results)
  console.log(
    `${r.tree} (QoS ${r.qos}): off ${f(r.off, 1)} → on ${f(r.on.cpu, 1)} µs per sample, ${f(r.on.cpu / r.off, 2)}× (the bridge adds ${f(r.on.cpu - r.off, 1)} µs)`,
  );
// The last tree's run at the product's default QoS 1 (or its last run when QoS 1 was not run).
const last = results.findLast((r) => r.qos === 1) ?? results[results.length - 1]!;
/**
 * The floor, on this machine now (BENCH_BRIDGE_FLOOR=0 skips it): what mqtt.js alone costs per
 * QoS 1 message at this rate (bench/bridge/floor.ts), against what 1.5× of this run's "off"
 * leaves the bridge. About 40 s; this checkout's floor.ts.
 */
if (process.env.BENCH_BRIDGE_FLOOR !== '0') {
  const floor = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'bridge', 'floor.ts')], {
    env: {
      ...process.env,
      FLOOR_QOS: '1',
      FLOOR_ROUNDS: '3',
      FLOOR_VARIANTS: 'mqttjs-tuned,bridge',
    },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const m = /floor_mqttjs_tuned_us=(\S+) bridge_us=(\S+)/.exec(floor.stdout ?? '');
  console.log(
    m
      ? `floor (bench/bridge/floor.ts, this machine now, medians of 3): mqtt.js alone ${m[1]} µs of CPU per QoS 1 message on the bridge's options, the bridge's whole path ${m[2]} µs; 1.5× of "off" (${f(last.off, 1)} µs) leaves the bridge ${f(last.off / 2, 1)} µs per sample`
      : `floor: bench/bridge/floor.ts did not finish (${floor.error?.message ?? `exit ${floor.status}`})`,
  );
}
console.log(
  `RESULT bridge_delivered_ratio=${last.on.delivered.toFixed(4)} bridge_cpu_overhead=${(last.on.cpu / last.off).toFixed(2)} bridge_p99_ms=${last.on.p99.toFixed(2)}`,
);
process.exit(0);

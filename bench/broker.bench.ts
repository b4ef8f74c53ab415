/**
 * `npm run bench:broker`: our broker against Aedes (driven by mqtt.js clients) in one run:
 *   1. 1,000 devices each streaming 10 samples/s of a small map to one consumer: delivered
 *      samples/s and p50/p99 latency (device send → consumer, both clocks on this machine);
 *   2. 10,000 idle device connections: broker memory per connection (RSS after GC);
 *   3. RUN round trip p50/p99 while (1) runs (ours only: MQTT has no request/response);
 *   and, because both keep up with (1), the same devices offering 50 samples/s each, to compare
 *   the ceilings (`saturation_vs_aedes`).
 * Broker and devices run in separate processes; each broker in its own, measured alone.
 * mosquitto is not compared: it is not installed by CI (say so rather than guess).
 * Last line: `RESULT throughput_vs_aedes=<x> mem_per_conn_vs_aedes=<x> run_p99_ms=<x>
 * saturation_vs_aedes=<x> capacity_per_cpu_vs_aedes=<x>` (broker CPU per delivered sample).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const STREAM_DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const IDLE_DEVICES = Number(process.env.BENCH_IDLE ?? 10_000);
const RATE = 10;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);
const RUNS_PER_SECOND = 50;
const SATURATION_RATE = Number(process.env.BENCH_SATURATION_RATE ?? 50);

type Kind = 'iotmp' | 'aedes';

class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, (v: unknown) => void>();
  private readonly messages: Record<string, unknown>[] = [];
  private wake: (() => void) | null = null;

  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: Record<string, unknown>) => {
      if (typeof m.id === 'number' && this.waiting.has(m.id)) {
        const w = this.waiting.get(m.id)!;
        this.waiting.delete(m.id);
        if (m.error) throw new Error(String(m.error));
        w(m.result);
      } else {
        this.messages.push(m);
        this.wake?.();
      }
    });
  }

  call<T>(cmd: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    this.proc.send({ ...cmd, id });
    return new Promise((resolve) => this.waiting.set(id, resolve as (v: unknown) => void));
  }

  async event(key: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m) => key in m);
      if (i >= 0) return this.messages.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no "${key}" from child within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 200);
      });
    }
  }

  /** Stops the child; `graceful` gives it a moment to exit by itself (so a profile gets written). */
  async kill(graceful = false): Promise<void> {
    if (graceful && this.proc.exitCode === null) {
      await Promise.race([new Promise((r) => this.proc.once('exit', r)), sleep(2000)]);
    }
    this.proc.kill('SIGKILL');
  }
}

function spawnChild(script: string, args: string[], gc = false): Child {
  const proc = fork(join(here, 'broker', script), args, {
    execArgv: [
      '--import',
      'tsx',
      ...(gc ? ['--expose-gc'] : []),
      ...(process.env.BENCH_PROFILE && script === 'server.ts'
        ? ['--cpu-prof', '--cpu-prof-dir=.cache/bench-prof']
        : []),
      '--max-old-space-size=4096',
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Child(proc);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface StreamResult {
  samplesPerSecond: number;
  p50: number;
  p99: number;
  runP50: number;
  runP99: number;
  sentPerSecond: number;
  /** Broker CPU time per delivered sample, µs. */
  cpuPerSample: number;
}

async function streamPhase(kind: Kind, rate = RATE): Promise<StreamResult> {
  const server = spawnChild('server.ts', [kind]);
  const { port } = (await server.event('ready')) as { port: number };
  await server.call({ cmd: 'prepare', devices: STREAM_DEVICES });
  if (kind === 'aedes') await server.call({ cmd: 'consume', devices: STREAM_DEVICES });
  const devices = spawnChild('devices.ts', [
    kind,
    String(port),
    String(STREAM_DEVICES),
    'stream',
    String(rate),
  ]);
  await devices.event('connected');
  if (kind === 'iotmp') {
    await server.call({ cmd: 'consume', devices: STREAM_DEVICES });
    await server.call({ cmd: 'runs', perSecond: RUNS_PER_SECOND, devices: STREAM_DEVICES });
  }
  await sleep(WARMUP_MS);
  await server.call({ cmd: 'reset' });
  devices.proc.send({ cmd: 'sent' });
  const sent0 = ((await devices.event('sent')) as { sent: number }).sent;
  const t0 = performance.now();
  await sleep(MEASURE_MS);
  const stats = await server.call<{
    delivered: number;
    p50: number;
    p99: number;
    runP50: number;
    runP99: number;
    cpuMicros: number;
    cpuUser: number;
  }>({ cmd: 'stats' });
  if (process.env.BENCH_VERBOSE)
    console.log(
      kind,
      `user ${(stats.cpuUser / stats.delivered).toFixed(1)} µs/sample, total ${(stats.cpuMicros / stats.delivered).toFixed(1)}`,
    );
  const secs = (performance.now() - t0) / 1000;
  devices.proc.send({ cmd: 'sent' });
  const sent1 = ((await devices.event('sent')) as { sent: number }).sent;
  await devices.kill();
  await server.call({ cmd: 'stop' }).catch(() => {});
  await server.kill(true);
  return {
    samplesPerSecond: stats.delivered / secs,
    p50: stats.p50,
    p99: stats.p99,
    runP50: stats.runP50,
    runP99: stats.runP99,
    sentPerSecond: (sent1 - sent0) / secs,
    cpuPerSample: stats.cpuMicros / stats.delivered,
  };
}

async function memoryPhase(kind: Kind): Promise<number> {
  const server = spawnChild('server.ts', [kind], true);
  const { port } = (await server.event('ready')) as { port: number };
  await server.call({ cmd: 'prepare', devices: IDLE_DEVICES });
  const before = await server.call<NodeJS.MemoryUsage>({ cmd: 'mem' });
  const devices = spawnChild('devices.ts', [kind, String(port), String(IDLE_DEVICES), 'idle']);
  await devices.event('connected', 300_000);
  for (let i = 0; i < 100; i++) {
    if ((await server.call<number>({ cmd: 'online' })) >= IDLE_DEVICES) break;
    await sleep(100);
  }
  const after = await server.call<NodeJS.MemoryUsage>({ cmd: 'mem' });
  await devices.kill();
  await server.call({ cmd: 'stop' }).catch(() => {});
  await server.kill(true);
  return (after.rss - before.rss) / IDLE_DEVICES;
}

const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

console.log(
  `node ${process.version}; ${STREAM_DEVICES} streaming devices at ${RATE}/s, ${IDLE_DEVICES} idle connections`,
);
console.log(
  `warm-up ${WARMUP_MS} ms, measured ${MEASURE_MS} ms; brokers and devices in separate processes on 127.0.0.1`,
);

const ours = await streamPhase('iotmp');
if (process.env.BENCH_ONLY_OURS) {
  console.log(ours);
  process.exit(0);
}
console.log(
  `iotmp  stream: ${f(ours.samplesPerSecond, 0)} samples/s delivered (${f(ours.sentPerSecond, 0)} sent), latency p50 ${f(ours.p50, 2)} ms p99 ${f(ours.p99, 2)} ms`,
);
console.log(
  `iotmp  run round trip under load: p50 ${f(ours.runP50, 2)} ms p99 ${f(ours.runP99, 2)} ms`,
);
const theirs = await streamPhase('aedes');
console.log(
  `aedes  stream: ${f(theirs.samplesPerSecond, 0)} samples/s delivered (${f(theirs.sentPerSecond, 0)} sent), latency p50 ${f(theirs.p50, 2)} ms p99 ${f(theirs.p99, 2)} ms`,
);

// Both brokers keep up with 10 samples/s per device on this machine, so (1) cannot separate
// them; a second run offers SATURATION_RATE samples/s per device to find each one's ceiling.
const oursSat = await streamPhase('iotmp', SATURATION_RATE);
console.log(
  `iotmp  saturation (${SATURATION_RATE}/s per device offered): ${f(oursSat.samplesPerSecond, 0)} samples/s delivered (${f(oursSat.sentPerSecond, 0)} sent), p99 ${f(oursSat.p99, 1)} ms`,
);
const theirsSat = await streamPhase('aedes', SATURATION_RATE);
console.log(
  `aedes  saturation (${SATURATION_RATE}/s per device offered): ${f(theirsSat.samplesPerSecond, 0)} samples/s delivered (${f(theirsSat.sentPerSecond, 0)} sent), p99 ${f(theirsSat.p99, 1)} ms`,
);

const oursMem = await memoryPhase('iotmp');
console.log(`iotmp  idle: ${f(oursMem / 1024, 1)} KiB per connection`);
const theirMem = await memoryPhase('aedes');
console.log(`aedes  idle: ${f(theirMem / 1024, 1)} KiB per connection`);

const throughputRatio = ours.samplesPerSecond / theirs.samplesPerSecond;
const saturationRatio = oursSat.samplesPerSecond / theirsSat.samplesPerSecond;
const memRatio = oursMem / theirMem;
// Delivered samples/s can only show a difference once a broker runs out of CPU, and on two
// cores the device process runs out first. Broker CPU per delivered sample tells how far each
// broker is from its own ceiling: one core's worth of it is the capacity on this machine.
const cpuRatio = theirs.cpuPerSample / ours.cpuPerSample;
console.log(
  `broker CPU per delivered sample at 10/s: iotmp ${f(ours.cpuPerSample, 1)} µs, aedes ${f(theirs.cpuPerSample, 1)} µs` +
    ` (one core: ~${f(1e6 / ours.cpuPerSample, 0)} vs ~${f(1e6 / theirs.cpuPerSample, 0)} samples/s)`,
);
console.log(
  `ratios: delivered ${f(throughputRatio, 2)}x Aedes at 10/s, ${f(saturationRatio, 2)}x at ${SATURATION_RATE}/s; ` +
    `capacity per CPU ${f(cpuRatio, 2)}x; latency p99 ${f(ours.p99 / theirs.p99, 2)}x; memory per connection ${f(memRatio, 2)}x`,
);
console.log(
  `RESULT throughput_vs_aedes=${f(throughputRatio, 2)} mem_per_conn_vs_aedes=${f(memRatio, 2)} run_p99_ms=${f(ours.runP99, 2)}` +
    ` saturation_vs_aedes=${f(saturationRatio, 2)} capacity_per_cpu_vs_aedes=${f(cpuRatio, 2)}`,
);
process.exit(0);

/**
 * `npm run bench:broker`: our broker against Aedes (driven by mqtt.js clients) in one run:
 *   1. 1,000 devices each streaming 10 samples/s of a small map to one consumer: delivered
 *      samples/s and p50/p99 latency (device send → consumer, both clocks on this machine), and
 *      broker CPU per delivered sample;
 *   2. 10,000 idle device connections: broker memory per connection (RSS after GC);
 *   3. RUN round trip p50/p99 while (1) runs (ours only: MQTT has no request/response), in a
 *      window of its own after (1)'s: CPU per sample in (1) is for the same work the other
 *      brokers do (50 RUN/s cost ours ~0.5–0.8 µs per sample there, printed beside the RUNs);
 *   4. throughput: both brokers deliver everything (1) offers, so (1) cannot tell them apart.
 *      The same 1,000 devices then offer more than a broker can take (every 10 ms each writes
 *      BENCH_FLOOD_BATCH ready-made frames unless its socket is backed up) and the samples/s
 *      that reach the consumer are each broker's ceiling on one core: `throughput_vs_aedes`.
 * Broker and devices run in separate processes; each broker in its own, measured alone. Both
 * consumers get usable values: ours decoded PSON, Aedes' JSON.parse of the MQTT payload.
 * Debian's mosquitto joins the comparison when installed (`apt-get install mosquitto`).
 * BENCH_FLOOR=1 adds a bare Node TCP server that only splits and decodes frames (what the socket
 * path costs before any broker work; BENCH_FLOOR=data: with Node's 'data' events); BENCH_PHASES (stream,throughput,memory) and BENCH_BROKERS
 * (iotmp,aedes) run a part; BENCH_PROFILE=1 writes a CPU profile of each measured window.
 * BENCH_BASELINE=<another checkout> adds that tree's broker as `baseline` (its own
 * `bench/broker/server.ts`), measured in the same run right after ours: an A/B of two versions;
 * with BENCH_ROUNDS=n each broker's stream phase runs n times, interleaved, and the median counts.
 * Last line: `RESULT throughput_vs_aedes=<x> mem_per_conn_vs_aedes=<x> run_p99_ms=<x>
 * delivered_at_10hz_vs_aedes=<x> cpu_per_sample_at_10hz_vs_aedes=<x>`.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { mosquittoInstalled } from './broker/mosquitto';
import { processCpuSeconds } from './support/procCpu';
import { Child, sleep, spawnBenchChild } from './broker/child';

const here = dirname(fileURLToPath(import.meta.url));
const STREAM_DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const IDLE_DEVICES = Number(process.env.BENCH_IDLE ?? 10_000);
const RATE = 10;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);
const RUNS_PER_SECOND = 50;
/** The RUN window (3): long enough for ~250 round trips at 50/s. */
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 5000);
/** Frames per device per 10 ms in (4): up to 3,000 samples/s per device, past both ceilings. */
const FLOOD_BATCH = Number(process.env.BENCH_FLOOD_BATCH ?? 30);
/**
 * BENCH_ROUNDS: the stream phase this many times per broker, interleaved (A B B A A B…), and
 * each broker's median CPU per sample: on a busy machine one 10 s window moves by ±15 %.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const PHASES = (process.env.BENCH_PHASES ?? 'stream,throughput,memory').split(',');
const BASELINE = process.env.BENCH_BASELINE;
const BROKERS = (
  process.env.BENCH_BROKERS ?? `iotmp,${BASELINE ? 'baseline,' : ''}aedes,mosquitto`
).split(',') as Kind[];

type Kind = 'iotmp' | 'baseline' | 'aedes' | 'mosquitto' | 'floor';

const spawnChild = (script: string, args: string[], gc = false): Child =>
  spawnBenchChild(join(here, 'broker', script), args, gc);

/** The broker process of `kind`: the baseline is our broker as another tree has it. */
const spawnServer = (kind: Kind, args: string[], gc = false): Child =>
  kind === 'baseline' && BASELINE
    ? spawnBenchChild(
        join(resolve(BASELINE), 'bench', 'broker', 'server.ts'),
        ['iotmp', ...args],
        gc,
      )
    : spawnChild('server.ts', [kind, ...args], gc);
/** What the devices and the server commands treat the kind as. */
const asSeen = (kind: Kind): Kind => (kind === 'baseline' || kind === 'floor' ? 'iotmp' : kind);

interface StreamResult {
  samplesPerSecond: number;
  p50: number;
  p99: number;
  runP50: number;
  runP99: number;
  /** Broker CPU per delivered sample in the RUN window (samples and 50 RUN/s). */
  cpuPerSampleWithRuns: number;
  sentPerSecond: number;
  /** Broker CPU time per delivered sample, µs. */
  cpuPerSample: number;
  /** Share of the time the broker's main thread was busy. */
  busy: number;
  /** Share of the time an out-of-process consumer was busy (Aedes' throughput phase). */
  consumerBusy?: number;
}

async function streamPhase(
  kind: Kind,
  rate = RATE,
  mode: 'stream' | 'flood' = 'stream',
): Promise<StreamResult> {
  const server = spawnServer(kind, [mode]);
  const { port } = (await server.event('ready')) as { port: number };
  if (kind === 'aedes' && mode === 'flood') return aedesCeiling(server, port, rate);
  await server.call({ cmd: 'prepare', devices: STREAM_DEVICES });
  if (kind === 'aedes') await server.call({ cmd: 'consume', devices: STREAM_DEVICES });
  const devices = spawnChild('devices.ts', [
    asSeen(kind),
    String(port),
    String(STREAM_DEVICES),
    mode,
    String(rate),
  ]);
  await devices.event('connected');
  const ours = kind === 'iotmp' || kind === 'baseline';
  if (ours) await server.call({ cmd: 'consume', devices: STREAM_DEVICES });
  // Under a flood the RUNs run during the window (the ceiling phase, as before).
  if (ours && mode === 'flood')
    await server.call({ cmd: 'runs', perSecond: RUNS_PER_SECOND, devices: STREAM_DEVICES });
  await sleep(WARMUP_MS);
  // Both windows open and close together (each process times its own).
  devices.proc.send({ cmd: 'sent' });
  await server.call({ cmd: 'reset' });
  const sent0 = (await devices.event('sent')) as { sent: number; at: number };
  await sleep(MEASURE_MS);
  devices.proc.send({ cmd: 'sent' });
  const stats = await server.call<{
    delivered: number;
    elapsedMs: number;
    p50: number;
    p99: number;
    runP50: number;
    runP99: number;
    cpuMicros: number;
    busyMicros: number;
  }>({ cmd: 'stats' });
  const sent1 = (await devices.event('sent')) as { sent: number; at: number };
  const runs = ours && mode === 'stream' ? await runWindow(server) : stats;
  await devices.kill();
  await server.call({ cmd: 'stop' }).catch(() => {});
  await server.kill(true);
  return {
    samplesPerSecond: (stats.delivered * 1000) / stats.elapsedMs,
    p50: stats.p50,
    p99: stats.p99,
    runP50: runs.runP50,
    runP99: runs.runP99,
    cpuPerSampleWithRuns: runs.cpuMicros / runs.delivered,
    sentPerSecond: ((sent1.sent - sent0.sent) * 1000) / (sent1.at - sent0.at),
    cpuPerSample: stats.cpuMicros / stats.delivered,
    busy: stats.busyMicros / 1000 / stats.elapsedMs,
  };
}

interface WindowStats {
  delivered: number;
  cpuMicros: number;
  runP50: number;
  runP99: number;
}

/** (3) RUN round trips to devices under the stream load, in a window after the stream's. */
async function runWindow(server: Child): Promise<WindowStats> {
  await server.call({ cmd: 'runs', perSecond: RUNS_PER_SECOND, devices: STREAM_DEVICES });
  await sleep(500);
  await server.call({ cmd: 'reset' });
  await sleep(RUN_MS);
  return server.call<WindowStats>({ cmd: 'stats' });
}

/**
 * Aedes' ceiling, measured from outside its process: flooded, it does not return to its event
 * loop for tens of seconds, so it cannot answer the bench (its window never closed and the phase
 * printed 0 samples/s). The consumer is an mqtt.js subscriber in its own process (QoS 0), its
 * CPU is read from /proc, and each rate is on the clock of the process that counted it.
 */
async function aedesCeiling(server: Child, port: number, rate: number): Promise<StreamResult> {
  const subscriber = spawnChild('subscriber.ts', [String(port)]);
  await subscriber.event('ready');
  const devices = spawnChild('devices.ts', [
    'aedes',
    String(port),
    String(STREAM_DEVICES),
    'flood',
    String(rate),
  ]);
  await devices.event('connected');
  await sleep(WARMUP_MS);
  type Count = { received: number; at: number; busy: number };
  const cpu = (): number => (processCpuSeconds(server.proc.pid!) ?? NaN) * 1e6;
  devices.proc.send({ cmd: 'sent' });
  const c0 = await subscriber.call<Count>({ cmd: 'count' });
  const cpu0 = cpu();
  const t0 = performance.now();
  const sent0 = (await devices.event('sent')) as { sent: number; at: number };
  await sleep(MEASURE_MS);
  devices.proc.send({ cmd: 'sent' });
  const c1 = await subscriber.call<Count>({ cmd: 'count' });
  const cpuMicros = cpu() - cpu0;
  const wallMs = performance.now() - t0;
  const sent1 = (await devices.event('sent')) as { sent: number; at: number };
  await devices.kill();
  await subscriber.kill();
  await server.kill();
  const delivered = c1.received - c0.received;
  return {
    samplesPerSecond: (delivered * 1000) / (c1.at - c0.at),
    p50: NaN,
    p99: NaN,
    runP50: NaN,
    runP99: NaN,
    cpuPerSampleWithRuns: NaN,
    sentPerSecond: ((sent1.sent - sent0.sent) * 1000) / (sent1.at - sent0.at),
    cpuPerSample: cpuMicros / delivered,
    // Aedes runs its work on one thread: its CPU time over the window is its busy time.
    busy: cpuMicros / 1000 / wallMs,
    consumerBusy: c1.busy,
  };
}

async function memoryPhase(kind: Kind): Promise<number> {
  const server = spawnServer(kind, [], true);
  const { port } = (await server.event('ready')) as { port: number };
  await server.call({ cmd: 'prepare', devices: IDLE_DEVICES });
  const before = await server.call<NodeJS.MemoryUsage>({ cmd: 'mem' });
  const devices = spawnChild('devices.ts', [
    asSeen(kind),
    String(port),
    String(IDLE_DEVICES),
    'idle',
  ]);
  await devices.event('connected', 300_000);
  for (let i = 0; i < 100; i++) {
    if ((await server.call<number>({ cmd: 'online' })) >= IDLE_DEVICES) break;
    await sleep(100);
  }
  const after = await server.call<NodeJS.MemoryUsage>({ cmd: 'mem' });
  await devices.kill();
  await server.call({ cmd: 'stop' }).catch(() => {});
  await server.kill(true);
  // RSS after a burst of 10,000 connects moves by several hundred bytes per connection between
  // runs (heap free space, malloc arenas); the JS heap and external memory are steadier.
  if (after.heapUsed !== undefined) {
    const per = (k: 'heapUsed' | 'external'): string =>
      ((after[k] - before[k]) / IDLE_DEVICES).toFixed(0);
    console.log(
      `${kind.padEnd(9)} idle: V8 heap used ${per('heapUsed')} B, external ${per('external')} B per connection`,
    );
  }
  return (after.rss - before.rss) / IDLE_DEVICES;
}

/** The middle value (the upper one of the two middle values for an even count). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** `inf` when the other broker delivered nothing at all (Aedes flooded), `n/a` when not measured. */
const f = (n: number, d = 1): string =>
  Number.isFinite(n) ? n.toFixed(d) : n === Infinity ? 'inf' : 'n/a';
const NONE: StreamResult = {
  samplesPerSecond: NaN,
  p50: NaN,
  p99: NaN,
  runP50: NaN,
  runP99: NaN,
  cpuPerSampleWithRuns: NaN,
  sentPerSecond: NaN,
  cpuPerSample: NaN,
  busy: NaN,
};
const wanted = (phase: string, kind: Kind): boolean =>
  PHASES.includes(phase) && BROKERS.includes(kind);

console.log(
  `node ${process.version}; ${STREAM_DEVICES} streaming devices at ${RATE}/s, ${IDLE_DEVICES} idle connections`,
);
console.log(
  `warm-up ${WARMUP_MS} ms, measured ${MEASURE_MS} ms; brokers and devices in separate processes on 127.0.0.1`,
);

if (process.env.BENCH_FLOOR)
  console.log(
    `floor: bare Node sockets (${process.env.BENCH_FLOOR === 'data' ? "'data' events" : 'reads into one shared buffer, as ours'}) + framing + decode, no broker work`,
  );

const streamLine = (kind: Kind, r: StreamResult): void => {
  console.log(
    `${kind.padEnd(9)} stream: ${f(r.samplesPerSecond, 0)} samples/s delivered (${f(r.sentPerSecond, 0)} sent),` +
      ` latency p50 ${f(r.p50, 2)} ms p99 ${f(r.p99, 2)} ms, broker CPU ${f(r.cpuPerSample, 1)} µs per sample`,
  );
  if (kind === 'iotmp' || kind === 'baseline')
    console.log(
      `${kind.padEnd(9)} run round trip under load: p50 ${f(r.runP50, 2)} ms p99 ${f(r.runP99, 2)} ms` +
        ` (own window; broker CPU with 50 RUN/s ${f(r.cpuPerSampleWithRuns, 1)} µs per sample)`,
    );
};

// (4) Throughput: each broker's ceiling.
const ceilingLine = (kind: Kind, r: StreamResult): void => {
  // Each rate on its own process's clock over the same ~10 s: a broker that delivers clearly
  // less than is offered was the limit, unless it had CPU to spare (mosquitto's consumer is an
  // mqtt.js client in another process, which can run out first).
  const behind = r.samplesPerSecond < 0.97 * r.sentPerSecond;
  const why = !behind
    ? 'NOT saturated: the load generator was the limit, the ceiling is higher'
    : (r.consumerBusy ?? 0) >= 0.9
      ? `NOT the broker’s ceiling: its consumer (own process) was ${f(r.consumerBusy! * 100, 0)} % busy`
      : r.consumerBusy !== undefined
        ? // The consumer had time to spare: what did not reach it, the broker did not deliver
          // (Aedes under a flood delivers nothing at all: overload collapse, not a slow reader).
          `the broker was the limit; its consumer (own process) was ${f(r.consumerBusy * 100, 0)} % busy`
        : r.busy < 0.9
          ? 'NOT the broker’s ceiling: its consumer was the limit'
          : 'the broker was the limit';
  console.log(
    `${kind.padEnd(9)} throughput: ${f(r.samplesPerSecond, 0)} samples/s delivered of ${f(r.sentPerSecond, 0)} offered (${why});` +
      ` broker ${f(r.busy * 100, 0)} % busy, ${f(r.cpuPerSample, 2)} µs CPU per sample` +
      // What one core would deliver: steadier than the rate when other work shares the cores.
      ` (${f(1e6 / r.cpuPerSample, 0)} samples per CPU-second)`,
  );
};

const peers: Kind[] = ['aedes', ...(mosquittoInstalled() ? (['mosquitto'] as const) : [])];
const ourKinds: Kind[] = ['iotmp', ...(BASELINE ? (['baseline'] as const) : [])];
if (!mosquittoInstalled())
  console.log('mosquitto: not installed (apt-get install mosquitto), not compared');
const stream = new Map<Kind, StreamResult>();
const ceiling = new Map<Kind, StreamResult>();
const memory = new Map<Kind, number>();
/** CPU per sample of each stream round, per kind (BENCH_ROUNDS). */
const rounds = new Map<Kind, number[]>();
const streamKinds: Kind[] = [
  ...(process.env.BENCH_FLOOR && PHASES.includes('stream') ? (['floor'] as const) : []),
  ...[...ourKinds, ...peers].filter((k) => wanted('stream', k)),
];
/** Every round's result, per kind. */
const results = new Map<Kind, StreamResult[]>();
for (let round = 0; round < ROUNDS; round++) {
  // Every other round in reverse order: neither version always runs first (or last) in a
  // stretch of load from the machine's other users.
  for (const kind of round % 2 ? [...streamKinds].reverse() : streamKinds) {
    const r = await streamPhase(kind);
    (rounds.get(kind) ?? rounds.set(kind, []).get(kind)!).push(r.cpuPerSample);
    (results.get(kind) ?? results.set(kind, []).get(kind)!).push(r);
    streamLine(kind, r);
  }
}
// The round with the median CPU per sample stands for the kind (latencies included), chosen
// once every round is in (chosen as rounds came, an early round's "median" could stay).
for (const [kind, rs] of results) {
  const m = median(rs.map((r) => r.cpuPerSample));
  stream.set(kind, rs.find((r) => r.cpuPerSample === m) ?? rs[0]!);
}
if (ROUNDS > 1)
  for (const [kind, xs] of rounds)
    console.log(
      `${kind.padEnd(9)} stream: CPU per sample over ${xs.length} rounds ${xs.map((x) => f(x, 1)).join(', ')} µs; median ${f(median(xs), 1)}`,
    );
for (const kind of [...ourKinds, ...peers]) {
  if (!wanted('throughput', kind)) continue;
  ceiling.set(kind, await streamPhase(kind, FLOOD_BATCH, 'flood'));
  ceilingLine(kind, ceiling.get(kind)!);
}
for (const kind of [...ourKinds, ...peers]) {
  if (!wanted('memory', kind)) continue;
  memory.set(kind, await memoryPhase(kind));
  console.log(`${kind.padEnd(9)} idle: ${f(memory.get(kind)! / 1024, 1)} KiB per connection`);
}

const ours = stream.get('iotmp') ?? NONE;
const ratios = (peer: Kind) => ({
  throughput:
    (ceiling.get('iotmp') ?? NONE).samplesPerSecond / (ceiling.get(peer) ?? NONE).samplesPerSecond,
  delivered: ours.samplesPerSecond / (stream.get(peer) ?? NONE).samplesPerSecond,
  cpu: ours.cpuPerSample / (stream.get(peer) ?? NONE).cpuPerSample,
  p99: ours.p99 / (stream.get(peer) ?? NONE).p99,
  memory: (memory.get('iotmp') ?? NaN) / (memory.get(peer) ?? NaN),
});
for (const peer of peers) {
  const r = ratios(peer);
  console.log(
    `vs ${peer}: throughput (ceiling) ${f(r.throughput, 2)}x; at 10/s per device delivered ${f(r.delivered, 2)}x` +
      ` (all keep up), broker CPU per sample ${f(r.cpu, 2)}x, latency p99 ${f(r.p99, 2)}x;` +
      ` memory per connection ${f(r.memory, 2)}x`,
  );
}
if (BASELINE) {
  // Same run, same machine, one after the other: the A/B of two versions of our broker.
  const base = stream.get('baseline') ?? NONE;
  const baseCeiling = ceiling.get('baseline') ?? NONE;
  console.log(
    `vs baseline (${BASELINE}): broker CPU per sample ${f(ours.cpuPerSample / base.cpuPerSample, 2)}x,` +
      ` ceiling CPU per sample ${f((ceiling.get('iotmp') ?? NONE).cpuPerSample / baseCeiling.cpuPerSample, 2)}x,` +
      ` memory per connection ${f((memory.get('iotmp') ?? NaN) / (memory.get('baseline') ?? NaN), 2)}x`,
  );
}
const aedes = ratios('aedes');
const vsMosquitto = mosquittoInstalled()
  ? ` throughput_vs_mosquitto=${f(ratios('mosquitto').throughput, 2)} mem_per_conn_vs_mosquitto=${f(ratios('mosquitto').memory, 2)}`
  : '';
console.log(
  `RESULT throughput_vs_aedes=${f(aedes.throughput, 2)} mem_per_conn_vs_aedes=${f(aedes.memory, 2)} run_p99_ms=${f(ours.runP99, 2)}` +
    ` delivered_at_10hz_vs_aedes=${f(aedes.delivered, 2)} cpu_per_sample_at_10hz_vs_aedes=${f(aedes.cpu, 2)}${vsMosquitto}`,
);
process.exit(0);

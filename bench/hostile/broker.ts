/**
 * Broker side of `npm run bench:hostile`: our BrokerService with its production limits and hash
 * cost, alone in this process so its memory is measured alone. It consumes the legit device's
 * stream (recording each sample's sequence number and latency) and samples its own RSS.
 * argv: <data folder> <mode: hostile | storm>. Commands arrive over IPC.
 */
import { openSync, readSync } from 'node:fs';
import {
  constants as perfConstants,
  monitorEventLoopDelay,
  PerformanceObserver,
} from 'node:perf_hooks';
import { hashCredential } from '../../src-main/store/credentials';
import { startBrokerService } from '../../src-main/app/Studio';
import type { PsonValue } from '../../src-main/protocol';
import { TCP_ONLY_LISTENERS } from '../../src-main/transports/testing/brokerFixture';
import { serveBenchCommands } from '../broker/child';
import { profiling, startProfile, stopProfile } from '../broker/profile';
import { ATTACKER_CREDENTIAL, LEGIT_CREDENTIAL, legitDevice, stormCredential } from './identities';

const [dir, mode] = process.argv.slice(2) as [string, 'hostile' | 'storm'];
/** CLOCK_MONOTONIC in ms, the legit device's clock too (hostile.bench.ts). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const service = await startBrokerService({ dataDir: dir, listeners: TCP_ONLY_LISTENERS });

let received = new Map<number, number>();
/** When each legit sample arrived (performance.now() ms), by sequence number. */
let arrivedAt = new Map<number, number>();
let baseline = 0;
/** The broker's own event-loop delay over a class (what every device waits on), 1 ms resolution. */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
let cpuAtMark = process.cpuUsage();
let eluAtMark = performance.eventLoopUtilization();
let markName = '';
let peak = 0;

/**
 * The longest stretch of work between two timer phases, in the main thread's own CPU time
 * (`/proc/self/task/<pid>/schedstat`, ns): on a busy machine the loop delay above mostly shows
 * the broker waiting for a core; this shows what one turn of its own work cost (what the legit
 * device waits for on a quiet machine). Ticks every 2 ms; ~9 µs per tick.
 */
const schedstat = ((): (() => [number, number]) => {
  try {
    const fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
    const buf = Buffer.alloc(96);
    return () => {
      const [run, wait] = buf.toString('latin1', 0, readSync(fd, buf, 0, 96, 0)).split(' ');
      return [Number(run) / 1e6, Number(wait) / 1e6];
    };
  } catch {
    return () => [NaN, NaN]; // not Linux: the line prints NaN
  }
})();
/** The main thread's CPU time so far, ms. */
const threadCpu = (): number => schedstat()[0];
/** How long the main thread has waited for a core so far (runnable, not running), ms. */
const threadRunQueueWait = (): number => schedstat()[1];
/** The longest garbage-collector pause in the class and its kind (part of a long turn). */
let longestGc = { ms: 0, kind: '' };
const GC_KINDS: Record<number, string> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
/** GC pauses and long turns of the class, to say what each late sample waited behind. */
let gcPauses: { start: number; ms: number; kind: string }[] = [];
let longTurns: { end: number; wallMs: number; cpuMs: number; waitMs: number }[] = [];
/** The forced collections of `settledRss` are not the broker's own: their pauses are skipped. */
let forcedGcUntil = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.startTime < forcedGcUntil) continue;
    const code = (e as { detail?: { kind?: number } }).detail?.kind ?? -1;
    const kind = GC_KINDS[code] ?? String(code);
    if (e.duration >= 1) gcPauses.push({ start: e.startTime, ms: e.duration, kind });
    if (e.duration > longestGc.ms) longestGc = { ms: e.duration, kind };
  }
}).observe({ entryTypes: ['gc'] });
let lastTickCpu = threadCpu();
let longestTurnCpuMs = 0;
let lastTickAt = performance.now();
let lastTickWait = threadRunQueueWait();
setInterval(() => {
  const [cpu, wait] = schedstat();
  const at = performance.now();
  longestTurnCpuMs = Math.max(longestTurnCpuMs, cpu - lastTickCpu);
  if (at - lastTickAt > 5)
    longTurns.push({
      end: at,
      wallMs: at - lastTickAt,
      cpuMs: cpu - lastTickCpu,
      waitMs: wait - lastTickWait,
    });
  lastTickCpu = cpu;
  lastTickAt = at;
  lastTickWait = wait;
}, 2).unref();
setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50).unref();

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    forcedGcUntil = performance.now();
    await new Promise((r) => setTimeout(r, 100));
  }
  return process.memoryUsage.rss();
}

/**
 * What a sample that took `ms` and arrived at `at` waited behind: the GC pauses and the long
 * turns (wall time between two 2 ms ticks, with the broker thread's own CPU in it) that overlap
 * its way through the broker; "nothing seen" means the wait was elsewhere (the device's or the
 * kernel's side, or the broker thread waiting for a core within a short turn). `@` is the
 * arrival on CLOCK_MONOTONIC in seconds, the clock of `perf record`/`perf trace` timestamps: find
 * the sample in a kernel trace of the broker (docs/performance.md, session 10).
 */
function explain(at: number, ms: number): string {
  const from = at - ms;
  const why: string[] = [];
  for (const g of gcPauses)
    if (g.start < at && g.start + g.ms > from) why.push(`${g.kind} ${g.ms.toFixed(1)}`);
  for (const t of longTurns)
    if (t.end - t.wallMs < at && t.end > from)
      why.push(
        `turn ${t.wallMs.toFixed(0)} (${t.cpuMs.toFixed(1)} CPU, ${t.waitMs.toFixed(1)} waiting for a core)`,
      );
  const mono = ((at + now() - performance.now()) / 1000).toFixed(3);
  return (why.length ? why.join(', ') : 'nothing seen') + ` @${mono}`;
}

type Command =
  | { cmd: 'prepare-hostile'; attackers: number; legit: number }
  | { cmd: 'prepare-storm'; devices: number }
  | { cmd: 'consume'; legit: number }
  | { cmd: 'mark'; name: string }
  | { cmd: 'window'; from: number; to: number }
  | { cmd: 'online'; user: string }
  | { cmd: 'stop' };

async function handle(c: Command): Promise<unknown> {
  switch (c.cmd) {
    case 'prepare-hostile': {
      // Production hash cost (2^14): guesses cost what they cost in the field.
      for (let i = 0; i < c.legit; i++)
        await service.devices.add('bench', legitDevice(i), { credential: LEGIT_CREDENTIAL });
      for (let i = 0; i < c.attackers; i++)
        await service.devices.add('bench', `attacker${i}`, { credential: ATTACKER_CREDENTIAL });
      // D1's slow readers: a 60 KB property each, and a frame limit that lets it be sent.
      for (let i = 0; i < c.attackers; i++) {
        service.properties.set('bench', `attacker${i}`, 'big', 'x'.repeat(60_000));
        service.setFrameLimit('bench', `attacker${i}`, 262_144);
      }
      return true;
    }
    case 'prepare-storm': {
      // 10,000 devices at a lower set-up cost (one transaction); the first storm verifies each
      // once, as a fleet that was online before the restart.
      service.db.prepare("INSERT OR IGNORE INTO users VALUES ('fleet', 0)").run();
      const insert = service.db.prepare(
        `INSERT INTO devices (user, device, credential_hash, created_at, credential_updated_at) VALUES ('fleet', ?, ?, 0, 0)`,
      );
      const hashes = await Promise.all(
        Array.from({ length: c.devices }, (_, i) =>
          hashCredential(stormCredential(i), { logN: 8, r: 8, p: 1 }),
        ),
      );
      service.db.transaction(() => hashes.forEach((h, i) => insert.run(`d${i}`, h)))();
      return true;
    }
    case 'consume': {
      // One consumer for every legit device: samples carry one sequence shared by all of them.
      const onSample = (s: { payload: PsonValue }): void => {
        const p = s.payload as Record<string, PsonValue>;
        if (typeof p?.seq === 'number' && typeof p.t === 'number') {
          received.set(p.seq, now() - p.t);
          arrivedAt.set(p.seq, performance.now());
        }
      };
      for (let i = 0; i < c.legit; i++)
        service.broker.subscribe('bench', legitDevice(i), 'sample', { intervalMs: 0, onSample });
      return true;
    }
    case 'mark':
      received = new Map();
      arrivedAt = new Map();
      baseline = await settledRss();
      peak = baseline;
      markName = c.name;
      loopDelay.reset();
      longestTurnCpuMs = 0;
      longestGc = { ms: 0, kind: '' };
      gcPauses = [];
      longTurns = [];
      cpuAtMark = process.cpuUsage();
      eluAtMark = performance.eventLoopUtilization();
      if (profiling()) await startProfile();
      return true;
    case 'window': {
      if (profiling()) await stopProfile(`hostile-${markName}`);
      const cpu = process.cpuUsage(cpuAtMark);
      const elu = performance.eventLoopUtilization(eluAtMark);
      const loop = {
        loopP99Ms: loopDelay.percentile(99) / 1e6,
        loopMaxMs: loopDelay.max / 1e6,
        longestTurnCpuMs,
        longestGcMs: longestGc.ms,
        longestGcKind: longestGc.kind,
        cpuMs: (cpu.user + cpu.system) / 1000,
        busy: elu.utilization,
      };
      const inWindow = [...received].filter(([seq]) => seq >= c.from && seq < c.to);
      const latencies = inWindow.map(([, ms]) => ms).sort((a, b) => a - b);
      // The three latest samples and what they waited behind.
      const worst = inWindow
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([seq, ms]) => `${ms.toFixed(1)} ms: ${explain(arrivedAt.get(seq)!, ms)}`);
      const at = (q: number): number =>
        latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN;
      return {
        delivered: latencies.length,
        p50: at(0.5),
        // Nearest rank: of 80 samples the 80th (the max) is the p99 — one late sample decides it.
        p99: at(0.99),
        max: latencies.at(-1) ?? NaN,
        over10: latencies.filter((ms) => ms > 10).length,
        worst,
        gcOver5: gcPauses.filter((g) => g.ms > 5).length,
        rssGrowthMb: (peak - baseline) / 2 ** 20,
        rssAfterMb: (await settledRss()) / 2 ** 20,
        ...loop,
      };
    }
    case 'online':
      return service.broker.registry.list().filter((d) => d.online && d.user === c.user).length;
    case 'stop':
      await service.stop();
      setTimeout(() => process.exit(0), 50);
      return true;
  }
}

serveBenchCommands(handle, { port: service.port('tcp'), mode });

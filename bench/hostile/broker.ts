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
import { ATTACKER_CREDENTIAL, LEGIT_CREDENTIAL, stormCredential } from './identities';

const [dir, mode] = process.argv.slice(2) as [string, 'hostile' | 'storm'];
/** CLOCK_MONOTONIC in ms, the legit device's clock too (hostile.bench.ts). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const service = await startBrokerService({ dataDir: dir, listeners: TCP_ONLY_LISTENERS });

let received = new Map<number, number>();
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
const threadCpu = ((): (() => number) => {
  try {
    const fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
    const buf = Buffer.alloc(96);
    return () => Number(buf.toString('latin1', 0, readSync(fd, buf, 0, 96, 0)).split(' ')[0]) / 1e6;
  } catch {
    return () => NaN; // not Linux: the line prints NaN
  }
})();
/** The longest garbage-collector pause in the class and its kind (part of a long turn). */
let longestGc = { ms: 0, kind: '' };
const GC_KINDS: Record<number, string> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.duration <= longestGc.ms) continue;
    const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? -1;
    longestGc = { ms: e.duration, kind: GC_KINDS[kind] ?? String(kind) };
  }
}).observe({ entryTypes: ['gc'] });
let lastTickCpu = threadCpu();
let longestTurnCpuMs = 0;
setInterval(() => {
  const cpu = threadCpu();
  longestTurnCpuMs = Math.max(longestTurnCpuMs, cpu - lastTickCpu);
  lastTickCpu = cpu;
}, 2).unref();
setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50).unref();

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  return process.memoryUsage.rss();
}

type Command =
  | { cmd: 'prepare-hostile'; attackers: number }
  | { cmd: 'prepare-storm'; devices: number }
  | { cmd: 'consume' }
  | { cmd: 'mark'; name: string }
  | { cmd: 'window'; from: number; to: number }
  | { cmd: 'online'; user: string }
  | { cmd: 'stop' };

async function handle(c: Command): Promise<unknown> {
  switch (c.cmd) {
    case 'prepare-hostile': {
      // Production hash cost (2^14): guesses cost what they cost in the field.
      await service.devices.add('bench', 'legit', { credential: LEGIT_CREDENTIAL });
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
    case 'consume':
      service.broker.subscribe('bench', 'legit', 'sample', {
        intervalMs: 0,
        onSample: (s) => {
          const p = s.payload as Record<string, PsonValue>;
          if (typeof p?.seq === 'number' && typeof p.t === 'number')
            received.set(p.seq, now() - p.t);
        },
      });
      return true;
    case 'mark':
      received = new Map();
      baseline = await settledRss();
      peak = baseline;
      markName = c.name;
      loopDelay.reset();
      longestTurnCpuMs = 0;
      longestGc = { ms: 0, kind: '' };
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
      const latencies: number[] = [];
      for (const [seq, ms] of received) if (seq >= c.from && seq < c.to) latencies.push(ms);
      latencies.sort((a, b) => a - b);
      const at = (q: number): number =>
        latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN;
      return {
        delivered: latencies.length,
        p50: at(0.5),
        // Nearest rank: of 80 samples the 80th (the max) is the p99 — one late sample decides it.
        p99: at(0.99),
        max: latencies.at(-1) ?? NaN,
        over10: latencies.filter((ms) => ms > 10).length,
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

/**
 * Broker side of `npm run bench:bridge`, one child process per run so its CPU is measured alone:
 * our BrokerService with 1,000 bench devices and either a plain in-process consumer per device
 * stream (`off`: the broker's own cost) or the MQTT bridge publishing every sample to mosquitto
 * (`on`). Commands arrive over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { startBrokerService } from '../../src-main/app/Studio';
import { MqttBridge } from '../../src-main/bridge/MqttBridge';
import { BRIDGE_SETTINGS } from '../../src-main/bridge/settings';
import { prepareBenchDevices } from '../broker/prepare';
import { profiling, startProfile, stopProfile } from '../broker/profile';
import { TCP_ONLY_LISTENERS } from '../../src-main/transports/testing/brokerFixture';

const mode = process.argv[2] as 'on' | 'off';
const url = process.argv[3] ?? '';
/** The bridge's QoS setting (the product's default is 1). */
const qos = Number(process.argv[4] ?? 1) as 0 | 1 | 2;

const dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-bridge-'));
const service = await startBrokerService({
  dataDir: dir,
  listeners: TCP_ONLY_LISTENERS,
  limits: { maxConnectsPerSecondPerAddress: 1_000_000 },
  scryptCost: { logN: 8, r: 8, p: 1 },
});
let bridge: MqttBridge | null = null;
let consumed = 0;
let cpuAtReset = process.cpuUsage();
let framesAtReset = 0;
let resetAt = performance.now();
/** Garbage collections in the window: count and pause ms, minor (scavenges) and the rest. */
const gc = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
      gc.minor++;
      gc.minorMs += e.duration;
    } else {
      gc.major++;
      gc.majorMs += e.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });

/**
 * BENCH_PERF=1: a CPU-clock `perf` profile of this process over the measured window (from 'reset'
 * to the final 'stats', drain included), `.cache/bench-perf/bridge-<mode>-<time>.data`; read it
 * with `perf report -i <file>` (JS names need NODE_OPTIONS=--perf-basic-prof).
 */
let perf: ChildProcess | null = null;

function startPerf(): void {
  mkdirSync('.cache/bench-perf', { recursive: true });
  const file = join('.cache/bench-perf', `bridge-${mode}-${Date.now()}.data`);
  perf = spawn(
    'perf',
    ['record', '-e', 'cpu-clock', '-F', '1999', '-g', '-p', String(process.pid), '-o', file],
    {
      stdio: 'ignore',
    },
  );
  console.log(`perf: ${file}`);
}

async function stopPerf(): Promise<void> {
  const p = perf;
  perf = null;
  if (!p || p.exitCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGINT');
  await exited;
}

/** Frames the broker received from devices (samples, in this bench). */
const framesIn = (): number => service.broker.registry.list().reduce((n, d) => n + d.framesIn, 0);

type Command =
  | { cmd: 'prepare'; devices: number }
  | { cmd: 'consume'; devices: number }
  | { cmd: 'reset' }
  /** `peek`: figures so far, the profile keeps running. */
  | { cmd: 'stats'; peek?: boolean }
  | { cmd: 'bridge' }
  | { cmd: 'stop' };

async function handle(c: Command): Promise<unknown> {
  switch (c.cmd) {
    case 'prepare':
      await prepareBenchDevices(service, c.devices);
      return true;
    case 'consume':
      if (mode === 'off') {
        for (let i = 0; i < c.devices; i++)
          service.broker.subscribe('bench', `d${i}`, 'sample', {
            intervalMs: 0,
            onSample: () => void consumed++,
          });
        return true;
      }
      service.settings.set(BRIDGE_SETTINGS, {
        enabled: true,
        url,
        clientId: 'bench-gateway',
        prefix: 'bench',
        qos,
        devices: ['bench'],
        resources: ['sample'],
        intervalMs: 0,
        queueMaxMessages: 1_000_000,
      });
      bridge = new MqttBridge({
        broker: service.broker,
        properties: service.properties,
        buckets: service.buckets,
        settings: service.settings,
        dataDir: dir,
      });
      bridge.start();
      return true;
    case 'reset':
      if (profiling()) await startProfile();
      if (process.env.BENCH_PERF) startPerf();
      cpuAtReset = process.cpuUsage();
      Object.assign(gc, { minor: 0, minorMs: 0, major: 0, majorMs: 0 });
      framesAtReset = framesIn();
      resetAt = performance.now();
      return true;
    case 'stats': {
      if (profiling() && !c.peek) await stopProfile(`bridge-${mode}`);
      const cpu = process.cpuUsage(cpuAtReset);
      if (!c.peek) await stopPerf();
      return {
        elapsedMs: performance.now() - resetAt,
        cpuMicros: cpu.user + cpu.system,
        systemMicros: cpu.system,
        frames: framesIn() - framesAtReset,
        consumed,
        gc: { ...gc },
        heap: process.memoryUsage().heapUsed,
        rss: process.memoryUsage().rss,
      };
    }
    case 'bridge':
      return bridge?.status() ?? null;
    case 'stop':
      await service.stop();
      await bridge?.stop();
      rmSync(dir, { recursive: true, force: true });
      setTimeout(() => process.exit(0), 50);
      return true;
  }
}

process.on('message', (m: Command & { id: number }) => {
  handle(m).then(
    (result) => process.send!({ id: m.id, result }),
    (e: unknown) => process.send!({ id: m.id, error: String(e) }),
  );
});
process.send!({ ready: true, port: service.port('tcp') });

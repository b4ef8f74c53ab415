/**
 * Broker side of `npm run bench:broker`, one child process per run so its memory is measured
 * alone: `iotmp` (our BrokerService), `aedes` (Aedes on a plain TCP server), `floor` (a bare
 * TCP server that only splits and decodes IoTMP frames: the socket path's own cost), or
 * `mosquitto` (Debian's, in its own process: see mosquitto.ts). Commands arrive over IPC; the
 * consumer of the samples lives in this process (a UI chart or a recorder in ours, an in-process
 * `aedes.subscribe` in Aedes, an mqtt.js subscriber for mosquitto).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import type { BrokerService } from '../../src-main/services/BrokerService';
import { startBrokerService } from '../../src-main/app/Studio';
import { Mosquitto } from './mosquitto';
import { prepareBenchDevices } from './prepare';
import { profiling, startProfile, stopProfile } from './profile';
import {
  type PsonValue,
  FrameParser,
  decodeBody,
  encodeFrame,
  ok,
  startStream,
  MessageType,
  Field,
} from '../../src-main/protocol';
import { TCP_ONLY_LISTENERS } from '../../src-main/transports/testing/brokerFixture';
import { readIntoSharedBuffer } from '../../src-main/transports/socketLink';

const kind = process.argv[2] as 'iotmp' | 'aedes' | 'mosquitto' | 'floor';
/** `flood`: devices offer more than the broker can take (the throughput phase). */
const flood = process.argv[3] === 'flood';
const now = (): number => performance.timeOrigin + performance.now();

let delivered = 0;
/**
 * When the reset was handled. Rates use this process's own clock: under a flood one turn of the
 * event loop reads every socket's backlog and can take a second, so an IPC message is handled
 * late and the parent's clock would not bracket what was counted.
 */
let resetAt = performance.now();
let latencies: number[] = [];
let rtts: number[] = [];
let cpuAtReset = 0;
let eluAtReset = performance.eventLoopUtilization();
const record = (sentAt: unknown): void => {
  delivered++;
  if (typeof sentAt === 'number' && sentAt > 0 && latencies.length < 2_000_000)
    latencies.push(now() - sentAt);
};

let service: BrokerService | null = null;
let aedes: Aedes | null = null;
let mosquitto: Mosquitto | null = null;
/** CPU time used so far, µs: this process's, or mosquitto's (its own process). */
const cpuNow = (): number => {
  if (mosquitto) return mosquitto.cpuMicros();
  const { user, system } = process.cpuUsage();
  return user + system;
};
let tcp: Server | null = null;
let dir = '';
let runLoop: NodeJS.Timeout | null = null;

function percentiles(xs: number[], ps: number[]): number[] {
  if (xs.length === 0) return ps.map(() => NaN);
  const s = [...xs].sort((a, b) => a - b);
  return ps.map((p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!);
}

async function start(): Promise<number> {
  if (kind === 'iotmp') {
    dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-'));
    service = await startBrokerService({
      dataDir: dir,
      listeners: TCP_ONLY_LISTENERS,
      // Bench configuration: thousands of devices from one address and one credential check
      // each at a lower scrypt cost (production: 2^14) so set-up takes seconds, not minutes.
      // The flood phase offers far more than the per-device frame limit on purpose (to find the
      // ceiling; Aedes has no such limit), so there it is lifted rather than dropping by policy.
      limits: {
        maxConnectsPerSecondPerAddress: 1_000_000,
        ...(flood ? { maxFramesPerSecond: 1_000_000, frameBurst: 1_000_000 } : {}),
      },
      scryptCost: { logN: 8, r: 8, p: 1 },
    });
    return service.port('tcp')!;
  }
  if (kind === 'mosquitto') {
    mosquitto = await Mosquitto.start((payload) =>
      record((JSON.parse(payload.toString()) as { t?: number }).t),
    );
    return mosquitto.port;
  }
  if (kind === 'floor') {
    // Answers any CONNECT, opens stream 1 and counts its samples: no broker work at all.
    tcp = createServer({ pauseOnConnect: true }, (socket) => {
      socket.setNoDelay(true);
      let online = false;
      const parser = new FrameParser({
        onFrame: (f) => {
          if (!online) {
            online = true;
            socket.write(
              encodeFrame(
                ok(decodeBody(f.type, f.body, 1).fields.get(Field.STREAM_ID) as number),
                1,
              ),
            );
            socket.write(encodeFrame(startStream(1, 1, 'sample'), 1));
            return;
          }
          if (f.type !== MessageType.STREAM_DATA) return;
          const m = decodeBody(f.type, f.body, 1);
          record((m.fields.get(Field.PAYLOAD) as Record<string, PsonValue>).t);
        },
      });
      // Node's cheapest read path, as our broker reads plain TCP (BENCH_FLOOR=data: 'data' events).
      const push = (n: number, buffer: Buffer): void => parser.push(buffer.subarray(0, n));
      if (process.env.BENCH_FLOOR === 'data' || !readIntoSharedBuffer(socket, push))
        socket.on('data', (d) => parser.push(d));
      socket.on('error', () => {});
      socket.resume();
    });
    await new Promise<void>((r) => tcp!.listen(0, '127.0.0.1', r));
    return (tcp.address() as { port: number }).port;
  }
  aedes = await Aedes.createBroker();
  tcp = createServer(aedes.handle);
  await new Promise<void>((r) => tcp!.listen(0, '127.0.0.1', r));
  return (tcp.address() as { port: number }).port;
}

type Command =
  | { cmd: 'prepare'; devices: number }
  | { cmd: 'consume'; devices: number }
  | { cmd: 'online' }
  | { cmd: 'reset' }
  | { cmd: 'stats' }
  | { cmd: 'runs'; perSecond: number; devices: number }
  | { cmd: 'mem' }
  | { cmd: 'stop' };

async function handle(c: Command): Promise<unknown> {
  switch (c.cmd) {
    case 'prepare':
      if (service) await prepareBenchDevices(service, c.devices);
      return true;
    case 'consume':
      if (service) {
        for (let i = 0; i < c.devices; i++) {
          service.broker.subscribe('bench', `d${i}`, 'sample', {
            intervalMs: 0,
            onSample: (s) => record((s.payload as Record<string, PsonValue>)?.t),
          });
        }
      } else if (aedes) {
        await new Promise<void>((r) =>
          aedes!.subscribe(
            'd/+/s',
            (packet, cb) => {
              record((JSON.parse(packet.payload.toString()) as { t?: number }).t);
              cb();
            },
            r,
          ),
        );
      }
      return true;
    case 'online':
      return service
        ? service.broker.registry.list().filter((d) => d.online).length
        : aedes
          ? aedes.connectedClients
          : (mosquitto?.online ?? 0);
    case 'reset':
      delivered = 0;
      latencies = [];
      rtts = [];
      cpuAtReset = cpuNow();
      eluAtReset = performance.eventLoopUtilization();
      resetAt = performance.now();
      if (profiling()) await startProfile();
      return true;
    case 'stats': {
      if (profiling()) await stopProfile(kind);
      // The window's CPU, busy time and length first: sorting the latencies below is the
      // bench's work, not the broker's.
      const elapsedMs = performance.now() - resetAt;
      const cpuMicros = cpuNow() - cpuAtReset;
      const busyMicros = mosquitto
        ? cpuMicros // mosquitto runs one thread: its CPU time is its busy time
        : performance.eventLoopUtilization(eluAtReset).active * 1000;
      const [p50, p99] = percentiles(latencies, [50, 99]);
      const [runP50, runP99] = percentiles(rtts, [50, 99]);
      return {
        delivered,
        elapsedMs,
        p50,
        p99,
        runs: rtts.length,
        runP50,
        runP99,
        // Broker CPU (user + system) over the window, in µs: what each delivered sample costs.
        cpuMicros,
        // Main-thread busy time over the window, in µs (the JS that one core has to run).
        busyMicros,
      };
    }
    case 'runs': {
      // RUN round trips to devices under load, spread over the devices.
      let i = 0;
      const every = 1000 / c.perSecond;
      runLoop = setInterval(() => {
        const d = `d${i++ % c.devices}`;
        const t0 = performance.now();
        service!.broker.run('bench', d, 'ping').then(
          () => rtts.push(performance.now() - t0),
          () => {},
        );
      }, every);
      return true;
    }
    case 'mem': {
      if (runLoop) clearInterval(runLoop);
      for (let i = 0; i < 3; i++) {
        global.gc?.();
        await new Promise((r) => setTimeout(r, 100));
      }
      return mosquitto ? { rss: mosquitto.rss() } : process.memoryUsage();
    }
    case 'stop':
      if (runLoop) clearInterval(runLoop);
      if (service) await service.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (aedes) await new Promise<void>((r) => aedes!.close(() => r()));
      if (mosquitto) await mosquitto.stop();
      if (tcp) tcp.close();
      setTimeout(() => process.exit(0), 50);
      return true;
  }
}

const port = await start();
process.on('message', (m: Command & { id: number }) => {
  handle(m).then(
    (result) => process.send!({ id: m.id, result }),
    (e: unknown) => process.send!({ id: m.id, error: String(e) }),
  );
});
process.send!({ ready: true, port });

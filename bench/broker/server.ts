/**
 * Broker side of `npm run bench:broker`, one child process per run so its memory is measured
 * alone: `iotmp` (our BrokerService) or `aedes` (Aedes on a plain TCP server). Commands arrive
 * over IPC; the consumer of the samples lives in this process for both brokers (a UI chart or a
 * recorder in ours, an in-process `aedes.subscribe` in Aedes), so both deliver over one hop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { BrokerService } from '../../src-main/app/BrokerService';
import type { PsonValue } from '../../src-main/protocol';

const kind = process.argv[2] as 'iotmp' | 'aedes';
const now = (): number => performance.timeOrigin + performance.now();

let delivered = 0;
let latencies: number[] = [];
let rtts: number[] = [];
let cpuAtReset = process.cpuUsage();
const record = (sentAt: unknown): void => {
  delivered++;
  if (typeof sentAt === 'number' && latencies.length < 2_000_000) latencies.push(now() - sentAt);
};

let service: BrokerService | null = null;
let aedes: Aedes | null = null;
let tcp: Server | null = null;
let dir = '';
let runLoop: NodeJS.Timeout | null = null;

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function start(): Promise<number> {
  if (kind === 'iotmp') {
    dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-'));
    service = await BrokerService.start({
      dataDir: dir,
      listeners: {
        tcp: { host: '127.0.0.1', port: 0 },
        tcpLegacy: null,
        tls: null,
        wss: null,
        ws: null,
      },
      // Bench configuration: thousands of devices from one address and one credential check
      // each at a lower scrypt cost (production: 2^14) so set-up takes seconds, not minutes.
      limits: { maxConnectsPerSecondPerAddress: 1_000_000 },
      scryptCost: { logN: 8, r: 8, p: 1 },
    });
    return service.port('tcp')!;
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
      if (service) {
        const hash = await import('../../src-main/store/credentials').then((m) =>
          m.hashCredential('bench', { logN: 8, r: 8, p: 1 }),
        );
        const insert = service.db.prepare(
          `INSERT INTO devices (user, device, credential_hash, created_at, credential_updated_at) VALUES ('bench', ?, ?, 0, 0)`,
        );
        service.db.prepare("INSERT OR IGNORE INTO users VALUES ('bench', 0)").run();
        service.db.transaction(() => {
          for (let i = 0; i < c.devices; i++) insert.run(`d${i}`, hash);
        })();
      }
      return true;
    case 'consume':
      if (service) {
        for (let i = 0; i < c.devices; i++) {
          service.broker.subscribe('bench', `d${i}`, 'sample', {
            intervalMs: 0,
            onSample: (s) => record((s.payload as Record<string, PsonValue>)?.t),
          });
        }
      } else {
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
        : aedes!.connectedClients;
    case 'reset':
      delivered = 0;
      latencies = [];
      rtts = [];
      cpuAtReset = process.cpuUsage();
      return true;
    case 'stats':
      return {
        delivered,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        runs: rtts.length,
        runP50: percentile(rtts, 50),
        runP99: percentile(rtts, 99),
        // Broker CPU (user + system) since the reset, in µs: what each delivered sample costs.
        cpuMicros: (({ user, system }) => user + system)(process.cpuUsage(cpuAtReset)),
        cpuUser: process.cpuUsage(cpuAtReset).user,
      };
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
      return process.memoryUsage();
    }
    case 'stop':
      if (runLoop) clearInterval(runLoop);
      if (service) await service.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (aedes) await new Promise<void>((r) => aedes!.close(() => r()));
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

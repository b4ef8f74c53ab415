/**
 * Debian's mosquitto as a bench:broker peer, when installed: a child process on 127.0.0.1 with a
 * config of its own, measured from /proc (CPU and RSS of its single thread), and an mqtt.js
 * subscriber in the calling process as the samples' consumer (one hop further than the other
 * two brokers' in-process consumers: mosquitto has no in-process API).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { processCpuSeconds } from '../support/procCpu';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export const mosquittoInstalled = (): boolean => existsSync(MOSQUITTO);

export class Mosquitto {
  private connectedClients = 0;

  private constructor(
    readonly port: number,
    private readonly proc: ChildProcess,
    private readonly dir: string,
    private readonly subscriber: MqttClient,
  ) {
    subscriber.on('message', (topic, payload) => {
      if (topic === '$SYS/broker/clients/connected') this.connectedClients = Number(payload);
    });
  }

  static async start(onSample: (payload: Buffer) => void): Promise<Mosquitto> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-bench-mosquitto-'));
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(
      conf,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'max_connections -1',
        'persistence false',
        'log_dest none',
        // Its consumer is across a socket (the others' are in-process): no Nagle delay there.
        'set_tcp_nodelay true',
        // $SYS every second: how the memory phase knows that every device is connected.
        'sys_interval 1',
      ].join('\n') + '\n',
    );
    const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    const subscriber = await connectWithRetry(port);
    await subscriber.subscribeAsync(['d/+/s', '$SYS/broker/clients/connected'], { qos: 0 });
    subscriber.on('message', (topic, payload) => {
      if (topic !== '$SYS/broker/clients/connected') onSample(payload);
    });
    return new Mosquitto(port, proc, dir, subscriber);
  }

  /** Clients connected, the subscriber excluded (as of mosquitto's last $SYS report). */
  get online(): number {
    return Math.max(0, this.connectedClients - 1);
  }

  /** CPU time (user + system) the broker has used, µs. */
  cpuMicros(): number {
    return (processCpuSeconds(this.proc.pid!) ?? NaN) * 1e6;
  }

  /** Resident memory of the broker process, bytes. */
  rss(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
  }

  async stop(): Promise<void> {
    await this.subscriber.endAsync(true);
    this.proc.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function connectWithRetry(port: number): Promise<MqttClient> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: 'bench-consumer',
        reconnectPeriod: 0,
        connectTimeout: 1000,
      });
    } catch (e) {
      if (attempt >= 50) throw new Error(`mosquitto did not accept connections`, { cause: e });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Debian's mosquitto as a real MQTT cluster for tests and benchmarks: a child process on
 * 127.0.0.1 with a config and a persistence folder of its own, stopped (SIGTERM, so it saves its
 * sessions) and started again on the same port, measured from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MOSQUITTO = '/usr/sbin/mosquitto';
export const mosquittoInstalled = (): boolean => existsSync(MOSQUITTO);

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

export interface MosquittoOptions {
  /** Keep sessions and queued messages across a stop/start (a persistent subscriber's backlog). */
  persistence?: boolean;
  /** Extra config lines. */
  extra?: string[];
}

export class MosquittoProcess {
  private proc: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly conf: string,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<MosquittoProcess> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-mosquitto-'));
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(
      conf,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'max_connections -1',
        'log_dest none',
        'set_tcp_nodelay true',
        // Unbounded queues for offline persistent subscribers: the tests count every message.
        'max_queued_messages 0',
        'max_inflight_messages 0',
        ...(options.persistence
          ? ['persistence true', `persistence_location ${dir}/`, 'autosave_interval 0']
          : ['persistence false']),
        ...(options.extra ?? []),
      ].join('\n') + '\n',
    );
    const m = new MosquittoProcess(port, dir, conf);
    await m.resume();
    return m;
  }

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null;
  }

  /** Starts the process (again) and waits until it accepts connections. */
  async resume(): Promise<void> {
    if (this.running) return;
    const proc = spawn(MOSQUITTO, ['-c', this.conf], { stdio: 'ignore' });
    this.proc = proc;
    for (let i = 0; ; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited with ${proc.exitCode}`);
      if (await accepts(this.port)) return;
      if (i > 100) throw new Error(`mosquitto did not listen on ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops it like a service manager would (SIGTERM: sessions saved when persistent). */
  async pause(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
    this.proc = null;
  }

  /** CPU time (user + system) of the running process, µs. */
  cpuMicros(): number {
    if (!this.proc?.pid || this.proc.exitCode !== null) return 0;
    const stat = readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ;
  }

  /** Resident memory of the process, bytes. */
  rss(): number {
    if (!this.proc?.pid) return NaN;
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.proc?.kill('SIGKILL');
    this.proc = null;
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

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

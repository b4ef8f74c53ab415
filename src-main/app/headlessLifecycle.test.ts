/**
 * Headless mode as a user meets it: started by a normal (non-root) user with the default ports it
 * runs, a privileged port it may not bind is one line while the rest start, and SIGTERM to
 * `npm run serve` stops the server and frees its ports.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WSS_PORT } from '../transports/deviceListeners';
import { NODE_LAUNCH, startHeadlessProcess, type Launch } from './testing/headlessProcess';

const root = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // A server that outlived npm (the bug this file guards against) is found by its data folder.
  for (const pid of processesUsing(dirs)) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Our processes whose command line names one of `dirs` (Linux /proc; none elsewhere). */
function processesUsing(names: string[]): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return names.some((n) => cmd.includes(n));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Run as `nobody` when the tests run as root (as in this CI); as ourselves otherwise. */
const isRoot = process.getuid?.() === 0;
const nobody = isRoot
  ? {
      uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
    }
  : null;
const unprivileged: Launch = nobody
  ? {
      command: 'setpriv',
      args: [
        `--reuid=${nobody.uid}`,
        `--regid=${nobody.gid}`,
        '--clear-groups',
        NODE_LAUNCH.command,
        ...NODE_LAUNCH.args,
      ],
    }
  : NODE_LAUNCH;

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iotmp-user-'));
  dirs.push(dir);
  if (nobody) chownSync(dir, nobody.uid, nobody.gid);
  return dir;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Whether we can bind `port` on 127.0.0.1 now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const DEVICE_ARGS = ['--device-host', '127.0.0.1', '--tcp-port', '0', '--tcp-legacy-port', 'off'];

describe('headless mode for a normal user', () => {
  it('starts with the default WSS port, which needs no privileges', async () => {
    expect(DEFAULT_WSS_PORT).toBeGreaterThanOrEqual(1024);
    const { child, lines } = await startHeadlessProcess(
      root,
      [
        ...['--data-dir', dataDir(), '--api-port', '0', ...DEVICE_ARGS, '--tls-port', '0'],
        ...['--add-device', 'site/one', '--add-device', 'site/two'],
      ],
      30_000,
      unprivileged,
    );
    children.push(child);
    // Every --add-device flag counts, not only the last one.
    expect(lines.filter((l) => /^added site\/(one|two); its credential/.test(l))).toHaveLength(2);
    // Another program on this machine may hold the port: that is one line, never a privilege one.
    expect(lines.some((l) => l.includes('not allowed to listen'))).toBe(false);
    expect(
      lines.some(
        (l) =>
          l === `devices: wss://127.0.0.1:${DEFAULT_WSS_PORT}/iotmp` ||
          (l.startsWith('not listening: IoTMP over WebSocket (TLS)') && l.includes('in use')),
      ),
    ).toBe(true);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 40_000);

  it.skipIf(!nobody)(
    'with --wss-port 443: one line saying why and how, and every other listener starts',
    async () => {
      const dir = dataDir();
      const { child, lines } = await startHeadlessProcess(
        root,
        [
          '--data-dir',
          dir,
          '--api-port',
          '0',
          ...DEVICE_ARGS,
          '--tls-port',
          '0',
          '--wss-port',
          '443',
        ],
        30_000,
        unprivileged,
      );
      children.push(child);
      const refused = lines.filter((l) => l.startsWith('not listening:'));
      expect(refused).toEqual([
        'not listening: IoTMP over WebSocket (TLS): not allowed to listen on 127.0.0.1:443 (ports below 1024 need privileges: setcap or a port redirect, see README "Port 443"); change the setting "wssPort"',
      ]);
      expect(lines.some((l) => l.startsWith('console: http://127.0.0.1:'))).toBe(true);
      expect(lines.some((l) => l.startsWith('devices: tcp://127.0.0.1:'))).toBe(true);
      expect(lines.some((l) => l.startsWith('devices: tls://127.0.0.1:'))).toBe(true);
      // It really ran as that user: its database belongs to it.
      expect(statSync(join(dir, 'studio.sqlite')).uid).toBe(nobody!.uid);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    },
    40_000,
  );
});

describe('npm run serve', () => {
  it('SIGTERM to npm stops the server and frees its ports', async () => {
    const { child, lines } = await startHeadlessProcess(
      root,
      [
        '--data-dir',
        dataDir(),
        '--api-port',
        '0',
        ...DEVICE_ARGS,
        '--tls-port',
        'off',
        '--wss-port',
        'off',
      ],
      60_000,
      { command: 'npm', args: ['run', '--silent', 'serve', '--'] },
    );
    children.push(child);
    const api = Number(new URL(lines.find((l) => l.startsWith('console: '))!.slice(9)).port);
    const tcp = Number(
      lines
        .find((l) => l.startsWith('devices: tcp://'))!
        .split(':')
        .at(-1),
    );
    expect(await portIsFree(api)).toBe(false);
    expect(await portIsFree(tcp)).toBe(false);

    child.kill('SIGTERM');
    await exited(child);
    // npm returns once its shell is gone; the server follows within moments (bounded generously).
    const deadline = Date.now() + 20_000;
    while (!((await portIsFree(api)) && (await portIsFree(tcp))) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await portIsFree(api)).toBe(true);
    expect(await portIsFree(tcp)).toBe(true);
  }, 90_000);
});

/**
 * Headless mode as a real process: it prints the `console:` line with the token, answers the API
 * with that token, serves a simulated device, keeps its token for the next start and stops on
 * SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import { thermostat } from './testing';
import { startHeadlessProcess, TEST_HEADLESS_ARGS } from '../app/testing/headlessProcess';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'iotmp-headless-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts headless mode and resolves with its lines up to `running`. */
async function start(extra: string[] = []): Promise<{ child: ChildProcess; lines: string[] }> {
  const started = await startHeadlessProcess(
    root,
    ['--data-dir', dir, ...TEST_HEADLESS_ARGS, ...extra],
    20_000,
  );
  children.push(started.child);
  return started;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('headless mode', () => {
  it('prints one console line carrying the token, answers the API with it, and serves a device', async () => {
    const { child, lines } = await start();
    const consoleLines = lines.filter((l) => l.startsWith('console: '));
    expect(consoleLines).toHaveLength(1);
    const consoleUrl = new URL(consoleLines[0]!.slice('console: '.length));
    expect(consoleUrl.hostname).toBe('127.0.0.1');
    const token = consoleUrl.searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const base = consoleUrl.origin;
    // The console line comes before the device ports.
    expect(lines.findIndex((l) => l.startsWith('console:'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('devices:')),
    );

    expect((await fetch(`${base}/api/v1/status`)).status).toBe(401);
    const status = await fetch(`${base}/api/v1/status`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(status.status).toBe(200);
    const tcp = (
      (await status.json()) as { listeners: { name: string; port: number }[] }
    ).listeners.find((l) => l.name === 'tcp')!;
    expect(lines).toContain(`devices: tcp://127.0.0.1:${tcp.port}`);

    const added = await fetch(`${base}/api/v1/call/devices.add?token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ user: 'site', device: 'thermo', credential: 'pw' }),
    });
    expect(added.status).toBe(200);
    const device = new SimulatedDevice({
      host: '127.0.0.1',
      port: tcp.port,
      user: 'site',
      device: 'thermo',
      credential: 'pw',
      profile: thermostat,
    });
    device.start();
    try {
      await device.waitForState('online', AbortSignal.timeout(5000));
      const read = await fetch(
        `${base}/v3/users/site/devices/thermo/resources/temperature?token=${token}`,
      );
      expect(await read.json()).toMatchObject({ celsius: expect.any(Number) });
    } finally {
      await device.stop();
    }
    expect(await stop(child)).toBe(0);

    // The next start keeps the token (a bookmarked console URL keeps working).
    const again = await start();
    expect(again.lines.find((l) => l.startsWith('console: '))).toContain(`token=${token}`);
    expect(await stop(again.child)).toBe(0);
  }, 60_000);

  it('takes options from a --config file; flags win over it', async () => {
    const file = join(dir, 'studio.json');
    writeFileSync(file, JSON.stringify({ acceptNewDevices: true, wsPort: 0, tcpPort: 'off' }));
    const { child, lines } = await start(['--config', file]);
    expect(lines).toContain('accept new devices: on; 1 devices registered');
    expect(lines.some((l) => l.startsWith('devices: ws://127.0.0.1:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('devices: tcp://127.0.0.1:'))).toBe(true); // --tcp-port 0
    expect(await stop(child)).toBe(0);

    writeFileSync(file, JSON.stringify({ apiPort: 'eighty' }));
    const bad = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/headless.ts', '--config', file],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(bad);
    let stderr = '';
    bad.stderr!.on('data', (d) => (stderr += String(d)));
    expect(await new Promise((resolve) => bad.on('exit', resolve))).toBe(2);
    expect(stderr.trim()).toMatch(/^iotmp-studio: config file .*studio\.json: apiPort: /);
  }, 60_000);

  it('a bad flag is one line and exit status 2', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/headless.ts', '--api-port', 'seventy'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--api-port');
  }, 20_000);
});

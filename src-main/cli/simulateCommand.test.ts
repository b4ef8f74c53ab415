import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { describe as describeMsg, ok, payloadOf } from '../protocol';
import { ScriptedServer } from '../simulator/ScriptedServer';
import { runSimulate, type SimulateOptions } from './simulateCommand';
import { UsageError } from './UsageError';

const base: SimulateOptions = {
  devices: 2,
  host: '127.0.0.1',
  transport: 'tcp',
  user: 'studio',
  credential: 'simulator',
  preset: 'demo',
  devicePrefix: 'sim-',
  rate: 0,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('iotmp simulate', () => {
  it('prints one line per state change, runs the demo profiles, and stops on abort', async () => {
    const srv = await ScriptedServer.start('tcp');
    cleanups.push(() => srv.close());
    const lines: string[] = [];
    const ac = new AbortController();
    const done = runSimulate(
      { ...base, port: srv.port },
      { out: (l) => lines.push(l), signal: ac.signal, now: () => new Date(0) },
    );
    const names: string[] = [];
    for (const n of [0, 1]) {
      const c = await srv.connection(n);
      const connect = (await c.next()).message!;
      names.push((payloadOf(connect) as string[])[1]!);
      c.send(ok(connect.fields.get(1) as number));
    }
    expect(names.sort()).toEqual(['sim-1', 'sim-2']);
    await until(() => lines.filter((l) => l.endsWith(' online')).length === 2);
    const c0 = srv.connections[0]!;
    const api = payloadOf((await c0.request(describeMsg(1, 1))).message!) as object;
    expect(Object.keys(api).length).toBeGreaterThan(2);
    ac.abort();
    await done;
    expect(lines).toContain(
      `1970-01-01T00:00:00.000Z sim-1 (thermostat) connecting to tcp://127.0.0.1:${srv.port}`,
    );
    expect(lines).toContain('1970-01-01T00:00:00.000Z sim-2 (relay-board) online');
    expect(lines).toContain('1970-01-01T00:00:00.000Z sim-1 (thermostat) stopped');
    expect(lines.at(-1)).toMatch(/^stopped 2 device\(s\): 2 connection\(s\)/);
    await Promise.all(srv.connections.map((c) => c.closed));
  });

  it('prints the frames with --frames', async () => {
    const srv = await ScriptedServer.start('tcp');
    cleanups.push(() => srv.close());
    const lines: string[] = [];
    const ac = new AbortController();
    const done = runSimulate(
      { ...base, devices: 1, port: srv.port, frames: true, profile: 'relay-board' },
      { out: (l) => lines.push(l), signal: ac.signal, now: () => new Date(0) },
    );
    const c = await srv.connection(0);
    const connect = (await c.next()).message!;
    c.send(ok(connect.fields.get(1) as number));
    await c.request(describeMsg(1, 5, 'relay1'));
    ac.abort();
    await done;
    const t = '1970-01-01T00:00:00.000Z sim-1';
    expect(lines).toContain(`${t} < DESCRIBE {"stream_id":5,"resource":"relay1"}`);
    expect(lines).toContain(`${t} > OK {"payload":{"in":false},"stream_id":5}`);
    expect(lines.some((l) => l.startsWith(`${t} > CONNECT {"payload":["studio","sim-1",`))).toBe(
      true,
    );
  });

  it('reports an invalid config file as a usage error naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-sim-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ resources: { t: { kind: 'sensor' } } }));
    const run = runSimulate(
      { ...base, config: file },
      { out: () => undefined, signal: AbortSignal.abort() },
    );
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/not a valid simulator config[\s\S]*value/);
  });

  it('rejects an unknown profile and a ws transport without a port', async () => {
    const signal = AbortSignal.abort();
    await expect(
      runSimulate({ ...base, profile: 'toaster' }, { out: () => undefined, signal }),
    ).rejects.toThrow(/no profile named toaster; there are: thermostat, relay-board/);
    await expect(
      runSimulate({ ...base, transport: 'ws' }, { out: () => undefined, signal }),
    ).rejects.toThrow(/needs --port/);
  });

  it('stops cleanly on SIGINT when run from the command line', async () => {
    const srv = await ScriptedServer.start('tcp');
    cleanups.push(() => srv.close());
    const bin = fileURLToPath(new URL('../../bin/iotmp.mjs', import.meta.url));
    const child = spawn(process.execPath, [bin, 'simulate', '--port', String(srv.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const c = await srv.connection(0, 10_000);
    const connect = (await c.next(10_000)).message!;
    c.send(ok(connect.fields.get(1) as number));
    await until(() => out.includes(' online'), 5000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/sim-1 \(thermostat\) stopped\nstopped 1 device\(s\): 1 connection\(s\)/);
    await c.closed;
  }, 15_000);
});

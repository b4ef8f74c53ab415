/**
 * Interoperability with Thinger's reference Linux client, unchanged (IOTMP-Linux, built from its
 * public sources outside this repository). Runs when IOTMP_LINUX_BIN names the `thinger_iotmp`
 * binary; the client dials fixed ports for TCP (25204) and TLS (25206), so those must be free.
 * WSS goes to port 443 unless the host string carries another port ("127.0.0.1:P/iotmp?").
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PsonValue } from '../protocol';
import { startTestBroker } from './testing/brokerFixture';
import { spawnIotmpLinux } from './testing/iotmpLinuxClient';

const BIN = process.env.IOTMP_LINUX_BIN;
const WSS_PORT = 18443;

type Env = Awaited<ReturnType<typeof startTestBroker>>;
let env: Env;
const children: ChildProcess[] = [];

function startClient(transport: 'tcp' | 'ssl' | 'ws'): ChildProcess {
  const host = transport === 'ws' ? `127.0.0.1:${WSS_PORT}/iotmp?` : '127.0.0.1';
  const { child } = spawnIotmpLinux(BIN!, { host, transport });
  children.push(child);
  return child;
}

/** SIGINT as a user would; a client stuck in a reconnect wait gets SIGKILL after 2 s. */
async function stopClient(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

// Skipped unless the reference client's binary is provided: it cannot be built in CI (no
// network to fetch its sources) and must never be committed. The closing notes record its runs.
describe.skipIf(!BIN)('IOTMP-Linux reference client (IOTMP_LINUX_BIN)', () => {
  beforeAll(async () => {
    env = await startTestBroker({
      listeners: {
        tcp: { host: '127.0.0.1', port: 25204 },
        tcpLegacy: null,
        tls: { host: '127.0.0.1', port: 25206 },
        wss: { host: '127.0.0.1', port: WSS_PORT },
        ws: null,
      },
    });
    expect(env.service.listeners.failures).toEqual([]);
    await env.service.devices.add('user1', 'sensor1', { credential: 'secret123' });
  });

  afterAll(async () => {
    for (const c of children) await stopClient(c);
    await env?.stop();
  });

  it.each(['tcp', 'ssl', 'ws'] as const)(
    'over %s: connects, is described, runs and streams',
    async (transport) => {
      const child = startClient(transport);
      try {
        await expect
          .poll(() => env.service.broker.registry.get('user1/sensor1')?.online, { timeout: 10_000 })
          .toBe(true);
        const expectedTransport = { tcp: 'tcp', ssl: 'tls', ws: 'wss' }[transport];
        expect(env.service.broker.registry.get('user1/sensor1')?.transport).toBe(expectedTransport);

        const all = await env.service.broker.describe('user1', 'sensor1');
        expect(all.ok).toBe(true);
        expect(Object.keys(all.payload as object)).toEqual(
          expect.arrayContaining(['version', 'cmd', '$terminal/:session']),
        );

        const one = await env.service.broker.describe('user1', 'sensor1', 'version');
        expect(one).toMatchObject({ ok: true, payload: { out: { major: 1 } } });

        const version = await env.service.broker.run('user1', 'sensor1', 'version');
        expect(version).toMatchObject({ ok: true, payload: { major: 1, minor: 3 } });

        const unknown = await env.service.broker.run('user1', 'sensor1', 'no/such/resource');
        expect(unknown.ok).toBe(false);

        const cmd = await env.service.broker.run('user1', 'sensor1', 'cmd', {
          cmd: 'echo interop',
          mode: 'api',
          timeout: 5,
        });
        expect(cmd).toMatchObject({ ok: true, payload: { retcode: 0, stdout: 'interop\n' } });

        const samples: PsonValue[] = [];
        const sub = env.service.broker.subscribe('user1', 'sensor1', 'version', {
          intervalMs: 1000,
          onSample: (s) => void samples.push(s.payload),
        });
        await expect.poll(() => samples.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
        sub.close();
        expect(samples[0]).toMatchObject({ version: '1.3.0' });
      } finally {
        await stopClient(child);
        await expect
          .poll(() => env.service.broker.registry.get('user1/sensor1')?.online, { timeout: 5000 })
          .toBe(false);
      }
    },
    30_000,
  );

  it('a wrong credential is refused and the client retries every 5 s', async () => {
    await env.service.devices.resetCredential('user1', 'sensor1', 'another');
    const child = startClient('tcp');
    try {
      await new Promise((r) => setTimeout(r, 7000));
      const frames = env.service.broker.inspector
        .frames('user1/sensor1')
        .filter((f) => f.type === 'CONNECT');
      expect(frames.length).toBeGreaterThanOrEqual(2);
      expect(env.service.broker.registry.get('user1/sensor1')?.online).toBe(false);
    } finally {
      await stopClient(child);
      await env.service.devices.resetCredential('user1', 'sensor1', 'secret123');
    }
  }, 20_000);
});

/** Listener start-up errors a person can act on; one failure never stops the other transports. */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBroker } from './testing/brokerFixture';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('device listeners', () => {
  it('a port in use gives one line naming the setting, and the other transports still start', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    cleanups.push(() => new Promise((r) => blocker.close(() => r())));
    const env = await startTestBroker({
      listeners: {
        tcp: { host: '127.0.0.1', port: busy },
        tcpLegacy: null,
        tls: { host: '127.0.0.1', port: 0 },
        wss: { host: '127.0.0.1', port: 0 },
        ws: null,
      },
    });
    cleanups.push(env.stop);
    expect(env.service.listeners.failures.map((f) => f.message)).toEqual([
      `IoTMP over TCP: port 127.0.0.1:${busy} is already in use; change the setting "tcpPort"`,
    ]);
    expect(env.service.listeners.running.map((l) => l.name).sort()).toEqual(['tls', 'wss']);
  });

  it.each(['wss', 'ws'] as const)(
    'a %s port in use is one line too (its WebSocketServer re-emits the error) and the rest start',
    async (name) => {
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      const busy = (blocker.address() as { port: number }).port;
      cleanups.push(() => new Promise((r) => blocker.close(() => r())));
      const env = await startTestBroker({
        listeners: {
          tcp: { host: '127.0.0.1', port: 0 },
          tcpLegacy: null,
          tls: null,
          wss: name === 'wss' ? { host: '127.0.0.1', port: busy } : null,
          ws: name === 'ws' ? { host: '127.0.0.1', port: busy } : null,
        },
      });
      cleanups.push(env.stop);
      expect(env.service.listeners.failures.map((f) => f.setting)).toEqual([`${name}Port`]);
      expect(env.service.listeners.failures[0]!.message).toContain('is already in use');
      expect(env.service.listeners.running.map((l) => l.name)).toEqual(['tcp']);
    },
  );

  it('an address that is not this machine is named in the error', async () => {
    const env = await startTestBroker({
      listeners: {
        tcp: { host: '192.0.2.1', port: 0 },
        tcpLegacy: null,
        tls: null,
        wss: null,
        ws: null,
      },
    });
    cleanups.push(env.stop);
    expect(env.service.listeners.failures[0]?.message).toBe(
      'IoTMP over TCP: 192.0.2.1 is not an address of this machine; change the setting "tcpPort"',
    );
  });

  it('TLS offers TLS 1.2 (IOTMP-Linux speaks nothing else, IOTMP.md §1.5)', async () => {
    const env = await startTestBroker();
    cleanups.push(env.stop);
    const { connect } = await import('node:tls');
    const version = await new Promise<string | null>((resolve, reject) => {
      const s = connect(
        {
          host: '127.0.0.1',
          port: env.service.port('tls')!,
          rejectUnauthorized: false,
          maxVersion: 'TLSv1.2',
          minVersion: 'TLSv1.2',
        },
        () => {
          resolve(s.getProtocol());
          s.destroy();
        },
      );
      s.on('error', reject);
    });
    expect(version).toBe('TLSv1.2');
    expect(env.service.tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});

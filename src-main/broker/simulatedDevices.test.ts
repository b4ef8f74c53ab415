/**
 * Every broker flow with the device simulator (which behaves like IOTMP-Linux) over TCP, TLS,
 * WebSocket and WebSocket-TLS: real sockets, a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PsonValue } from '../protocol';
import { preset } from '../simulator/presets';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import type { StreamStatus } from '../streams/StreamHub';
import { startTestBroker } from '../transports/testing/brokerFixture';

type Env = Awaited<ReturnType<typeof startTestBroker>>;
let env: Env;
const devices: SimulatedDevice[] = [];
/** The live simulated device per transport (one identity each: a second one would replace it). */
const current = new Map<string, SimulatedDevice>();

const thermostat = preset('demo').profiles.find((p) => p.name === 'thermostat')!;

beforeAll(async () => {
  env = await startTestBroker();
  for (const t of ['tcp', 'tls', 'ws', 'wss'])
    await env.service.devices.add('site', `thermo-${t}`, { credential: `pw-${t}` });
});

afterAll(async () => {
  for (const d of devices) await d.stop();
  await env.stop();
});

function simulate(
  transport: 'tcp' | 'tls' | 'ws' | 'wss',
  extra: Partial<ConstructorParameters<typeof SimulatedDevice>[0]> = {},
): SimulatedDevice {
  const d = new SimulatedDevice({
    host: '127.0.0.1',
    port: env.service.port(transport)!,
    transport,
    user: 'site',
    device: `thermo-${transport}`,
    credential: `pw-${transport}`,
    profile: thermostat,
    reconnectDelayMs: 200,
    ...extra,
  });
  devices.push(d);
  current.set(transport, d);
  d.start();
  return d;
}

describe.each(['tcp', 'tls', 'ws', 'wss'] as const)(
  'a simulated thermostat over %s',
  (transport) => {
    const name = `thermo-${transport}`;

    it('connects and is described, run and streamed; its streams come back after a reconnect', async () => {
      const dev = simulate(transport);
      await dev.waitForState('online');
      await expect
        .poll(() => env.service.broker.registry.get(`site/${name}`)?.transport)
        .toBe(transport);

      const all = await env.service.broker.describe('site', name);
      expect(all.payload).toMatchObject({
        temperature: { fn: 3 },
        setpoint: { fn: 2 },
        heating: { fn: 2 },
        reset: { fn: 1 },
      });

      const heating = await env.service.broker.run('site', name, 'heating', true);
      expect(heating.ok).toBe(true);
      const one = await env.service.broker.describe('site', name, 'heating');
      expect(one).toMatchObject({ ok: true, payload: { in: true } });

      const temperature = await env.service.broker.run('site', name, 'temperature');
      expect(temperature.payload).toMatchObject({ celsius: expect.any(Number) });

      const missing = await env.service.broker.run('site', name, 'no/such/resource');
      expect(missing.ok).toBe(false);

      const samples: PsonValue[] = [];
      const statuses: StreamStatus['state'][] = [];
      const sub = env.service.broker.subscribe('site', name, 'temperature', {
        intervalMs: 1000,
        onSample: (s) => void samples.push(s.payload),
        onStatus: (s) => void statuses.push(s.state),
      });
      await expect.poll(() => samples.length, { timeout: 4000 }).toBeGreaterThanOrEqual(2);
      expect(dev.streams.map((s) => [s.resource, s.intervalMs])).toEqual([['temperature', 1000]]);

      // The device is power-cycled: the wanted stream is started again (§8.6 step 8).
      await dev.stop();
      await expect.poll(() => statuses.includes('waiting')).toBe(true);
      const again = simulate(transport);
      await again.waitForState('online');
      const before = samples.length;
      await expect.poll(() => samples.length, { timeout: 4000 }).toBeGreaterThan(before);
      expect(again.streams.map((s) => s.resource)).toEqual(['temperature']);
      sub.close();
      await expect.poll(() => again.streams.length).toBe(0);
    }, 20_000);

    it('calls server resources: properties and buckets', async () => {
      const dev = current.get(transport) ?? simulate(transport);
      await dev.waitForState('online');
      await dev.setProperty('config', { interval: 30 }, true);
      await expect(dev.readProperty('config')).resolves.toEqual({ interval: 30 });
      await dev.writeBucket('climate', { celsius: 21 }, true);
      expect(
        env.service.buckets.query('site', 'climate', { device: name }).map((r) => r.data),
      ).toContainEqual({ celsius: 21 });
    });
  },
);

describe('many simulated devices', () => {
  it('50 devices connect at once over TCP and all are online and answer', async () => {
    for (let i = 0; i < 50; i++)
      await env.service.devices.add('fleet', `d${i}`, { credential: 'pw' });
    const fleet = Array.from({ length: 50 }, (_, i) => {
      const d = new SimulatedDevice({
        host: '127.0.0.1',
        port: env.service.port('tcp')!,
        user: 'fleet',
        device: `d${i}`,
        credential: 'pw',
        profile: thermostat,
      });
      devices.push(d);
      d.start();
      return d;
    });
    await Promise.all(fleet.map((d) => d.waitForState('online')));
    const answers = await Promise.all(
      fleet.map((_, i) => env.service.broker.run('fleet', `d${i}`, 'humidity')),
    );
    expect(answers.every((a) => a.ok && typeof a.payload === 'number')).toBe(true);
  }, 20_000);
});

/**
 * What a change to a device's record does to its live connection, on a real broker (SQLite in a
 * temp folder, simulated devices over TCP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import { startTestBroker, TCP_ONLY_LISTENERS } from '../transports/testing/brokerFixture';
import { addDevice, removeDevice, resetDeviceCredential, updateDevice } from './deviceLifecycle';

let env: Awaited<ReturnType<typeof startTestBroker>>;
const devices: SimulatedDevice[] = [];

beforeAll(async () => {
  env = await startTestBroker({ listeners: TCP_ONLY_LISTENERS });
});
afterAll(async () => {
  await Promise.all(devices.map((d) => d.stop()));
  await env.stop();
});

/** A new device, added through the service and online with its credential. */
async function online(device: string): Promise<SimulatedDevice> {
  const { credential } = await addDevice(env.service, 'site', device, {});
  expect(env.service.broker.registry.get(`site/${device}`)).toBeDefined();
  const d = new SimulatedDevice({
    host: '127.0.0.1',
    port: env.service.port('tcp') ?? 0,
    transport: 'tcp',
    user: 'site',
    device,
    credential,
    reconnectDelayMs: 200,
  });
  devices.push(d);
  d.start();
  await d.waitForState('online', AbortSignal.timeout(10_000));
  return d;
}

describe('device lifecycle', () => {
  it('disabling a device closes its connection and it cannot come back until enabled', async () => {
    const d = await online('valve');
    updateDevice(env.service, 'site', 'valve', { description: 'east' });
    expect(d.state).toBe('online');
    updateDevice(env.service, 'site', 'valve', { enabled: false });
    await expect.poll(() => d.state).not.toBe('online');
    updateDevice(env.service, 'site', 'valve', { enabled: true });
    await d.waitForState('online', AbortSignal.timeout(10_000));
  });

  it('a reset credential closes the connection that used the old one', async () => {
    const d = await online('meter');
    const fresh = await resetDeviceCredential(env.service, 'site', 'meter');
    expect(fresh.length).toBeGreaterThan(8);
    await expect.poll(() => d.stats.authFailures).toBeGreaterThan(0);
    expect(d.state).not.toBe('online');
  });

  it('a removed device is closed and forgotten; removing it again says false', async () => {
    const d = await online('gauge');
    expect(removeDevice(env.service, 'site', 'gauge')).toBe(true);
    await expect.poll(() => d.state).not.toBe('online');
    expect(env.service.broker.registry.get('site/gauge')).toBeUndefined();
    expect(removeDevice(env.service, 'site', 'gauge')).toBe(false);
  });

  it('a frame limit given with an update is applied; null goes back to the default', () => {
    const key = 'site/valve';
    const before = env.service.broker.frameLimitOf(key);
    updateDevice(env.service, 'site', 'valve', {}, 65_536);
    expect(env.service.broker.frameLimitOf(key)).toBe(65_536);
    updateDevice(env.service, 'site', 'valve', {}, null);
    expect(env.service.broker.frameLimitOf(key)).toBe(before);
  });
});

/**
 * Shared by the API tests: a test broker and a SerialService (remembering boards in the broker's
 * SQLite settings, not polling ports) with the API over them, and a simulated thermostat.
 */
import type { SerialService } from '../services/SerialService';
import { buildSerialService, SERIAL_SETTINGS_PREFIX } from '../app/Studio';
import { preset } from '../simulator/presets';
import { SettingsKeyValueStore } from '../store/SettingsKeyValueStore';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import { startTestBroker } from '../transports/testing/brokerFixture';
import { expect } from 'vitest';
import { ApiError } from '../contract';
import { createApiServer } from './handlers';
import { CommissionService } from '../commission/CommissionService';
import { MqttBridge } from '../bridge/MqttBridge';
import { buildHandoverJobs } from '../app/handoverSite';

export const thermostat = preset('demo').profiles.find((p) => p.name === 'thermostat')!;

export async function startApiFixture(): Promise<{
  env: Awaited<ReturnType<typeof startTestBroker>>;
  serial: SerialService;
  api: ReturnType<typeof createApiServer>;
  device: SimulatedDevice;
  stop: () => Promise<void>;
}> {
  const env = await startTestBroker();
  const serial = buildSerialService({
    store: new SettingsKeyValueStore(env.service.settings, SERIAL_SETTINGS_PREFIX),
  });
  const commission = new CommissionService({ broker: env.service, serial });
  const bridge = new MqttBridge({
    broker: env.service.broker,
    properties: env.service.properties,
    buckets: env.service.buckets,
    settings: env.service.settings,
    dataDir: env.dir,
  });
  const api = createApiServer(
    env.service,
    serial,
    commission,
    bridge,
    buildHandoverJobs(env.service, commission, env.dir),
    { checkResponses: true },
  );
  await env.service.devices.add('site', 'thermo', { credential: 'pw' });
  const device = new SimulatedDevice({
    host: '127.0.0.1',
    port: env.service.port('tcp')!,
    transport: 'tcp',
    user: 'site',
    device: 'thermo',
    credential: 'pw',
    profile: thermostat,
    reconnectDelayMs: 200,
  });
  device.start();
  await device.waitForState('online', AbortSignal.timeout(5000));
  return {
    env,
    serial,
    api,
    device,
    stop: async () => {
      await device.stop();
      await commission.stop();
      await bridge.stop();
      await serial.stop();
      await env.stop();
    },
  };
}

/** The ApiError a call rejected with (fails the test when it resolved or threw something else). */
export async function errorOf(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

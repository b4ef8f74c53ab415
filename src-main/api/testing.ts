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
import { startApiHttp, type ApiHttp } from './http';

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
  const device = await onlineDevice(env.service.port('tcp')!, {
    device: 'thermo',
    credential: 'pw',
    profile: thermostat,
  });
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

/** A simulated device of user `site` over TCP, online (its identity must be registered). */
export async function onlineDevice(
  port: number,
  o: {
    device: string;
    credential: string;
    profile: ConstructorParameters<typeof SimulatedDevice>[0]['profile'];
  },
): Promise<SimulatedDevice> {
  const d = new SimulatedDevice({
    host: '127.0.0.1',
    port,
    transport: 'tcp',
    user: 'site',
    ...o,
    reconnectDelayMs: 200,
  });
  d.start();
  await d.waitForState('online', AbortSignal.timeout(10_000));
  return d;
}

/** The console token of the HTTP fixture. */
export const CONSOLE_TOKEN = 'console-token-0123456789abcdef';

export type ApiHttpFixture = Awaited<ReturnType<typeof startApiHttpFixture>>;

/**
 * The API fixture behind real HTTP on an ephemeral port, as the REST and events-socket tests use
 * it: the console token, Thinger-style access tokens, and `adminToken` for an all-allowing one.
 */
export async function startApiHttpFixture(): Promise<{
  fx: Awaited<ReturnType<typeof startApiFixture>>;
  http: ApiHttp;
  adminToken: (token: string, name: string) => Promise<string>;
  stop: () => Promise<void>;
}> {
  const fx = await startApiFixture();
  const http = await startApiHttp({
    api: fx.api,
    token: CONSOLE_TOKEN,
    port: 0,
    tokens: fx.env.service.tokens,
  });
  return {
    fx,
    http,
    adminToken: async (token, name) =>
      (
        await fx.api.invoke('tokens.create', {
          user: 'site',
          token,
          name,
          allow: { '*': { '*': '*' } },
        })
      ).access_token,
    stop: async () => {
      await http.close();
      await fx.stop();
    },
  };
}

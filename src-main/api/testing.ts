/** Shared by the API tests: a test broker with the API over it and a simulated thermostat. */
import { preset } from '../simulator/presets';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import { startTestBroker } from '../transports/testing/brokerFixture';
import { createApiServer } from './handlers';

export const thermostat = preset('demo').profiles.find((p) => p.name === 'thermostat')!;

export async function startApiFixture(): Promise<{
  env: Awaited<ReturnType<typeof startTestBroker>>;
  api: ReturnType<typeof createApiServer>;
  device: SimulatedDevice;
  stop: () => Promise<void>;
}> {
  const env = await startTestBroker();
  const api = createApiServer(env.service, { checkResponses: true });
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
    api,
    device,
    stop: async () => {
      await device.stop();
      await env.stop();
    },
  };
}

/**
 * bridge.get / bridge.configure / bridge.status over the API, against a real mosquitto: the
 * password never comes back, bad settings are refused at the field, and the status follows the
 * link (connected, then waiting with the queue growing while mosquitto is down).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttBridge } from '../../bridge/MqttBridge';
import { MosquittoProcess, mosquittoInstalled } from '../../bridge/testing/mosquittoProcess';
import type { BridgeStatus, BridgeView } from '../../contract';
import { buildSerialService } from '../../app/Studio';
import { CommissionService } from '../../commission/CommissionService';
import { buildHandoverJobs } from '../../app/handoverSite';
import { startTestBroker } from '../../transports/testing/brokerFixture';
import { createApiServer } from '.';
import { errorOf } from '../testing';

describe.skipIf(!mosquittoInstalled())('bridge calls', () => {
  let env: Awaited<ReturnType<typeof startTestBroker>>;
  let mosquitto: MosquittoProcess;
  let bridge: MqttBridge;
  let api: ReturnType<typeof createApiServer>;

  beforeAll(async () => {
    mosquitto = await MosquittoProcess.start();
    env = await startTestBroker();
    bridge = new MqttBridge({
      broker: env.service.broker,
      properties: env.service.properties,
      buckets: env.service.buckets,
      settings: env.service.settings,
      dataDir: env.dir,
    });
    const serial = buildSerialService();
    const commission = new CommissionService({ broker: env.service, serial });
    api = createApiServer(
      env.service,
      serial,
      commission,
      bridge,
      buildHandoverJobs(env.service, commission, env.dir),
      { checkResponses: true },
    );
  });
  afterAll(async () => {
    await bridge.stop();
    await env.stop();
    await mosquitto.stop();
  });

  it('is off by default, and never sends the password back', async () => {
    const view = (await api.call('bridge.get', {})) as BridgeView;
    expect(view.settings.enabled).toBe(false);
    expect(view.status.state).toBe('off');
    const set = (await api.call('bridge.configure', {
      password: 's3cret',
      username: 'gw',
    })) as BridgeView;
    expect(set.settings).not.toHaveProperty('password');
    expect(set.settings.passwordSet).toBe(true);
    expect(JSON.stringify(set)).not.toContain('s3cret');
  });

  it('refuses settings that cannot work, naming the field', async () => {
    const e = await errorOf(api.call('bridge.configure', { prefix: 'a/#' }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toContain('prefix');
    const noUrl = await errorOf(api.call('bridge.configure', { enabled: true, url: '' }));
    expect(noUrl.message).toContain('broker URL');
  });

  it('connects when enabled and reports the link on bridge.status', async () => {
    const seen: BridgeStatus[] = [];
    const sub = api.subscribe('bridge.status', {}, (s) => void seen.push(s as BridgeStatus));
    await api.call('bridge.configure', {
      enabled: true,
      url: mosquitto.url,
      password: '',
      username: '',
      reconnectMinMs: 100,
      reconnectMaxMs: 300,
    });
    await until(() => seen.at(-1)?.state === 'connected');
    await mosquitto.pause();
    await until(() => seen.at(-1)?.state === 'waiting' || seen.at(-1)?.state === 'connecting');
    await mosquitto.resume();
    await until(() => seen.at(-1)?.state === 'connected');
    sub.close();
  }, 30_000);
});

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

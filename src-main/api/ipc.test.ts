/**
 * The contract over IPC, both halves (the main-side binding and the preload's transport) joined
 * by an in-memory stand-in for Electron's ipcMain/ipcRenderer, against a real broker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerbs } from '../contract/verbs';
import { ipcTransport } from '../../src-preload/ipcTransport';
import { startTestBroker } from '../transports/testing/brokerFixture';
import { createApiServer } from './handlers';
import { dirname } from 'node:path';
import { CommissionService } from '../commission/CommissionService';
import { MqttBridge } from '../bridge/MqttBridge';
import { buildHandoverJobs } from '../app/handoverSite';
import type { BrokerService } from '../services/BrokerService';
import { buildSerialService } from '../app/Studio';
import { bindIpc } from './ipc';
import { fakeIpc } from './testingIpc';

/** The API over a test broker, a serial service with no ports polled, and commissioning. */
function apiOver(service: BrokerService) {
  const serial = buildSerialService();
  const commission = new CommissionService({ broker: service, serial });
  const bridge = new MqttBridge({
    broker: service.broker,
    properties: service.properties,
    buckets: service.buckets,
    settings: service.settings,
    dataDir: dirname(service.db.name),
  });
  return createApiServer(
    service,
    serial,
    commission,
    bridge,
    buildHandoverJobs(service, commission, dirname(service.db.name)),
  );
}

type Env = Awaited<ReturnType<typeof startTestBroker>>;
let env: Env;

beforeAll(async () => {
  env = await startTestBroker();
  await env.service.devices.add('site', 'pump', { credential: 'pw' });
});
afterAll(() => env.stop());

describe('the contract over IPC', () => {
  it('exposes one channel per call and no generic one', () => {
    const ipc = fakeIpc();
    bindIpc(ipc.main, apiOver(env.service));
    const channels = [...ipc.handlers.keys()];
    expect(channels).toContain('studio:call:devices.list');
    expect(channels.every((c) => /^studio:call:[a-z]+\.[a-zA-Z]+$/.test(c))).toBe(true);
  });

  it('runs calls through the domain verbs, with the contract validating the input', async () => {
    const ipc = fakeIpc();
    bindIpc(ipc.main, apiOver(env.service));
    const api = createVerbs(ipcTransport(ipc.renderer));
    const { devices } = await api.devices.list({});
    expect(devices.map((d) => d.key)).toContain('site/pump');
    await expect(api.devices.get({ user: 'site', device: 'ghost' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(api.devices.get({ user: 42 } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('delivers topic events and stops them when the window goes away', async () => {
    const ipc = fakeIpc();
    bindIpc(ipc.main, apiOver(env.service));
    const api = createVerbs(ipcTransport(ipc.renderer));
    const seen: string[] = [];
    api.on('devices.presence', {}, (p) => void seen.push(`${p.device}:${p.status.online}`));
    await env.service.devices.add('site', 'valve', { credential: 'pw' });
    const { connectDevice } = await import('../transports/testing/wireClient');
    const dev = await connectDevice(env.service.port('tcp')!, ['site', 'valve', 'pw']);
    await expect.poll(() => seen).toContain('valve:true');
    ipc.destroy();
    dev.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).not.toContain('valve:false');
  });

  it('refuses calls from any frame but the app page when a check is set', async () => {
    const trusted = (url: string): boolean => url === 'file:///app/index.html';
    const api = apiOver(env.service);
    const own = fakeIpc();
    bindIpc(own.main, api, { trusted });
    await expect(createVerbs(ipcTransport(own.renderer)).devices.list({})).resolves.toBeTruthy();
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///app/index.html', parent: {} }, // an iframe inside the app page
      null,
    ]) {
      const other = fakeIpc(frame);
      bindIpc(other.main, api, { trusted });
      await expect(
        createVerbs(ipcTransport(other.renderer)).devices.list({}),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('cancels a call when the page aborts it', async () => {
    const ipc = fakeIpc();
    bindIpc(ipc.main, apiOver(env.service));
    const api = createVerbs(ipcTransport(ipc.renderer));
    const { connectDevice } = await import('../transports/testing/wireClient');
    const dev = await connectDevice(env.service.port('tcp')!, ['site', 'pump', 'pw']);
    const ctl = new AbortController();
    const pending = api.resources.run(
      { user: 'site', device: 'pump', resource: 'slow' },
      ctl.signal,
    );
    await dev.next(); // the RUN reached the device, which never answers
    ctl.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    dev.close();
  });
});

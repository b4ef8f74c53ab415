/**
 * Hand-over of a site to a SECOND instance of this app in headless mode (a real process; its
 * REST API is Thinger-compatible): devices created there with a captured or a re-issued
 * credential, their properties, the site's buckets and endpoints; each simulated device is then
 * re-provisioned to the new server and the hand-over records when it connected there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessProcess, TEST_HEADLESS_ARGS } from '../app/testing/headlessProcess';
import { ENDPOINTS } from '../services/BrokerService';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import { thermostat } from '../api/testing';
import { startTestBroker } from '../transports/testing/brokerFixture';
import { runHandover, storedReport } from './Handover';

const root = join(import.meta.dirname, '..', '..');

describe('hand-over to a Thinger-compatible server (a second headless instance)', () => {
  let source: Awaited<ReturnType<typeof startTestBroker>>;
  let target: ChildProcess;
  let targetDir: string;
  let base: string;
  let token: string;
  let targetTcp: number;
  const devices = new Map<string, SimulatedDevice>();

  const simulate = (device: string, port: number, credential: string): SimulatedDevice => {
    const d = new SimulatedDevice({
      host: '127.0.0.1',
      port,
      transport: 'tcp',
      user: 'site',
      device,
      credential,
      profile: thermostat,
      reconnectDelayMs: 200,
    });
    devices.set(device, d);
    d.start();
    return d;
  };
  const get = async (path: string): Promise<unknown> => {
    const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    return r.json();
  };

  beforeAll(async () => {
    targetDir = mkdtempSync(join(tmpdir(), 'iotmp-handover-target-'));
    const started = await startHeadlessProcess(
      root,
      ['--data-dir', targetDir, ...TEST_HEADLESS_ARGS],
      30_000,
    );
    target = started.child;
    const url = new URL(started.lines.find((l) => l.startsWith('console: '))!.slice(9));
    base = url.origin;
    token = url.searchParams.get('token')!;
    targetTcp = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(started.lines.join('\n'))![1]);

    source = await startTestBroker();
    const s = source.service;
    await s.devices.add('site', 'boiler-1', { credential: 'captured-pw-1', name: 'Boiler 1' });
    await s.devices.add('site', 'boiler-2', { credential: 'old-pw-2' });
    s.properties.set('site', 'boiler-1', 'setpoint', { celsius: 21.5 }, 'console');
    s.properties.set('site', 'boiler-2', 'location', 'room 2', 'console');
    s.buckets.create('site', { bucket: 'energy', name: 'Energy', config: { source: 'write' } });
    s.settings.set(ENDPOINTS, { alert: { url: 'https://example.com/hook', method: 'POST' } });
    for (const [d, pw] of [
      ['boiler-1', 'captured-pw-1'],
      ['boiler-2', 'old-pw-2'],
    ] as const)
      await simulate(d, s.port('tcp')!, pw).waitForState('online', AbortSignal.timeout(10_000));
  }, 60_000);

  afterAll(async () => {
    for (const d of devices.values()) await d.stop();
    await source?.stop();
    if (target && target.exitCode === null) {
      target.kill('SIGTERM');
      await new Promise((r) => target.once('exit', r));
    }
    rmSync(targetDir, { recursive: true, force: true });
  });

  it('creates devices, properties, buckets and endpoints there, and records each reconnect', async () => {
    const s = source.service;
    const lines: string[] = [];
    const report = await runHandover(
      {
        devices: s.devices.list('site'),
        properties: s.properties,
        buckets: s.buckets,
        endpoints: s.settings.get(ENDPOINTS, {}),
      },
      {
        target: base,
        token,
        credentials: { 'site/boiler-1': 'captured-pw-1' },
        // The technician's step: the device gets the new server (and its new credential).
        reprovision: async ({ device, credential }) => {
          await devices.get(device)!.stop();
          simulate(device, targetTcp, credential);
          return { state: 'done', detail: `${device} dials ${targetTcp}` };
        },
        watchMs: 30_000,
        pollMs: 200,
        log: (l) => lines.push(l),
      },
    );

    expect(report.buckets).toEqual([
      { bucket: 'energy', user: 'site', created: 'created', error: null },
    ]);
    expect(report.endpoints).toEqual([
      { endpoint: 'alert', user: 'site', created: 'created', error: null },
    ]);
    const [b1, b2] = report.devices;
    expect(b1).toMatchObject({
      device: 'boiler-1',
      credential: 'captured',
      created: 'created',
      properties: 1,
      error: null,
    });
    expect(b1!.newCredential).toBeUndefined();
    expect(b2).toMatchObject({
      device: 'boiler-2',
      credential: 'reissued',
      created: 'created',
      properties: 1,
      error: null,
    });
    expect(b2!.newCredential).toMatch(/^\S{16,}$/);
    expect(b2!.reprovisioning).toEqual({ state: 'done', detail: `boiler-2 dials ${targetTcp}` });
    expect(report.reconnected).toBe(2);
    for (const d of report.devices)
      expect(d.reconnectedAt).toBeGreaterThanOrEqual(report.startedAt);
    expect(lines.filter((l) => l.includes('connected to'))).toHaveLength(2);
    // The stored report never carries a credential.
    expect(JSON.stringify(storedReport(report))).not.toContain(b2!.newCredential!);

    // What the new server holds, read back through its own Thinger API.
    const listed = (await get('/v1/users/site/devices')) as {
      device: string;
      name: string;
      connection: { active: boolean };
    }[];
    expect(listed.map((d) => [d.device, d.connection.active])).toEqual([
      ['boiler-1', true],
      ['boiler-2', true],
    ]);
    expect(listed[0]!.name).toBe('Boiler 1');
    const props = (await get('/v3/users/site/devices/boiler-1/properties')) as {
      property: string;
      value: unknown;
    }[];
    expect(props).toMatchObject([{ property: 'setpoint', value: { celsius: 21.5 } }]);
    const buckets = (await get('/v1/users/site/buckets')) as { bucket: string }[];
    expect(buckets.map((x) => x.bucket)).toEqual(['energy']);
    const endpoints = (await get('/v1/users/site/endpoints')) as {
      endpoint: string;
      config: { url: string };
    }[];
    expect(endpoints).toMatchObject([
      { endpoint: 'alert', config: { url: 'https://example.com/hook' } },
    ]);

    // Running it again finds everything there and still succeeds.
    const again = await runHandover(
      {
        devices: s.devices.list('site'),
        properties: s.properties,
        buckets: s.buckets,
        endpoints: s.settings.get(ENDPOINTS, {}),
      },
      {
        target: base,
        token,
        credentials: { 'site/boiler-1': 'captured-pw-1', 'site/boiler-2': b2!.newCredential! },
        watchMs: 10_000,
        pollMs: 200,
      },
    );
    expect(again.devices.map((d) => d.error ?? d.created)).toEqual(['exists', 'exists']);
    expect(again.reconnected).toBe(2);
  }, 90_000);
});

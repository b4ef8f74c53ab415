/**
 * What the devices admin view relies on, against a real broker: "accept new devices" turning
 * itself off from main (also across a restart), the rejected-connections log, a credential reset
 * closing the live connection, and the machine's LAN addresses in the status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPT_NEW_DEVICES_UNTIL, type BrokerService } from '../services/BrokerService';
import { startBrokerService } from '../app/Studio';
import type { Scheduler } from '../core/scheduler';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import { startApiFixture, thermostat } from './testing';

let fx: Awaited<ReturnType<typeof startApiFixture>>;

beforeAll(async () => {
  fx = await startApiFixture();
});
afterAll(async () => {
  await fx.stop();
});

const simulated = (device: string, credential: string): SimulatedDevice =>
  new SimulatedDevice({
    host: '127.0.0.1',
    port: fx.env.service.port('tcp')!,
    transport: 'tcp',
    user: 'site',
    device,
    credential,
    profile: thermostat,
    reconnectDelayMs: 200,
  });

describe('accept new devices', () => {
  it('switched on for a time, it says until when and turns itself off in main', async () => {
    const before = Date.now();
    const on = await fx.api.invoke('settings.update', {
      acceptNewDevices: true,
      acceptNewDevicesForMs: 1_000,
    });
    expect(on.acceptNewDevices).toBe(true);
    expect(on.acceptNewDevicesUntil).toBeGreaterThanOrEqual(before + 1_000);
    expect(on.acceptNewDevicesUntil).toBeLessThanOrEqual(Date.now() + 1_000);
    await expect
      .poll(async () => (await fx.api.invoke('settings.get', {})).acceptNewDevices, {
        timeout: 3_000,
      })
      .toBe(false);
    expect((await fx.api.invoke('settings.get', {})).acceptNewDevicesUntil).toBeNull();
    expect((await fx.api.invoke('broker.status', {})).acceptNewDevices).toBe(false);
  });

  it('switched on without a time (or by the start-up flag) it stays on; off clears the time', async () => {
    await fx.api.invoke('settings.update', {
      acceptNewDevices: true,
      acceptNewDevicesForMs: 3_600_000,
    });
    const forever = await fx.api.invoke('settings.update', { acceptNewDevices: true });
    expect(forever).toMatchObject({ acceptNewDevices: true, acceptNewDevicesUntil: null });
    fx.env.service.acceptNewDevices = true;
    expect(fx.env.service.acceptNewDevicesUntil).toBeNull();
    const off = await fx.api.invoke('settings.update', { acceptNewDevices: false });
    expect(off).toMatchObject({ acceptNewDevices: false, acceptNewDevicesUntil: null });
  });

  it('refuses a time beyond a week or under a second', async () => {
    for (const ms of [999, 8 * 86_400_000])
      await expect(
        fx.api.call('settings.update', { acceptNewDevices: true, acceptNewDevicesForMs: ms }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a deadline kept in the settings is re-armed after a restart, and one already past turns it off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-accept-'));
    const timers: { ms: number; fn: () => void }[] = [];
    const scheduler: Scheduler = {
      now: () => performance.now(),
      setTimeout(fn, ms) {
        const t = { fn, ms };
        timers.push(t);
        return () => timers.splice(timers.indexOf(t), 1);
      },
    };
    const start = (): Promise<BrokerService> =>
      startBrokerService({
        dataDir: dir,
        listeners: { tcp: null, tcpLegacy: null, tls: null, wss: null, ws: null },
        scheduler,
        scryptCost: { logN: 10, r: 8, p: 1 },
      });
    try {
      let service = await start();
      service.setAcceptNewDevices(true, 3_600_000);
      await service.stop();
      expect(timers).toEqual([]);

      service = await start();
      expect(service.acceptNewDevices).toBe(true);
      const armed = timers.find((t) => t.ms > 3_500_000 && t.ms <= 3_600_000);
      expect(armed).toBeDefined();
      armed!.fn();
      expect(service.acceptNewDevices).toBe(false);
      service.setAcceptNewDevices(true, 3_600_000);
      service.settings.set(ACCEPT_NEW_DEVICES_UNTIL, Date.now() - 1);
      await service.stop();

      service = await start();
      const due = timers.find((t) => t.ms === 0);
      due!.fn();
      expect(service.acceptNewDevices).toBe(false);
      await service.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rejected connections', () => {
  it('lists unknown devices and wrong credentials once per address and identity, counting attempts', async () => {
    await fx.env.service.devices.add('site', 'known', { credential: 'right' });
    const stranger = simulated('stranger', 'whatever');
    const wrong = simulated('known', 'wrong');
    stranger.start();
    wrong.start();
    try {
      await expect
        .poll(async () => (await fx.api.invoke('devices.rejected', {})).rejected.length, {
          timeout: 5_000,
        })
        .toBeGreaterThanOrEqual(2);
      const { rejected } = await fx.api.invoke('devices.rejected', {});
      expect(rejected).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            user: 'site',
            device: 'stranger',
            reason: 'unknown-device',
            address: expect.stringContaining('127.0.0.1'),
          }),
          expect.objectContaining({ device: 'known', reason: 'wrong-credential' }),
        ]),
      );
      expect(rejected.filter((r) => r.device === 'stranger')).toHaveLength(1);
    } finally {
      await stranger.stop();
      await wrong.stop();
    }
  });
});

describe('credential reset', () => {
  it('closes the live connection: the old credential no longer gets in', async () => {
    await fx.env.service.devices.add('site', 'resettable', { credential: 'old' });
    const device = simulated('resettable', 'old');
    device.start();
    try {
      await device.waitForState('online', AbortSignal.timeout(5_000));
      await fx.api.invoke('devices.resetCredential', {
        user: 'site',
        device: 'resettable',
        credential: 'new-one',
      });
      await expect.poll(() => device.state, { timeout: 5_000 }).not.toBe('online');
      await expect
        .poll(
          async () =>
            (await fx.api.invoke('devices.rejected', {})).rejected.some(
              (r) => r.device === 'resettable' && r.reason === 'wrong-credential',
            ),
          { timeout: 5_000 },
        )
        .toBe(true);
    } finally {
      await device.stop();
    }
  });
});

describe('broker status', () => {
  it("lists this machine's LAN addresses, loopback left out", async () => {
    const { lanAddresses } = await fx.api.invoke('broker.status', {});
    expect(Array.isArray(lanAddresses)).toBe(true);
    for (const a of lanAddresses ?? []) {
      expect(a).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(a.startsWith('127.')).toBe(false);
    }
  });
});

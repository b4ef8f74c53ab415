/**
 * Improv Serial in a commissioning run, on the virtual ESP32: the app needs Wi-Fi before it dials
 * (wifi_required) and knows one network. The identity goes into NVS with the firmware (one loader
 * session), the booted firmware takes the Wi-Fi settings over Improv and stores them itself, then
 * joins. A wrong password fails the provision step with what the board answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Studio } from '../app/Studio';
import type { CommissionPlanInput } from '../contract/commissionSchemas';
import { dumpNvs } from '../provision/testing/nvsDump';
import { startEsp, stopEsps, vesp, type VirtualEsp } from '../flash/testing/vesp';
import { TCP_ONLY_LISTENERS } from '../transports/testing/brokerFixture';
import { esp32Firmware } from './testing/esp32Firmware';

const PROFILE = {
  behaviour: 'iotmp-device',
  name: 'roof-sensor',
  version: '3.0.1',
  resources: [
    {
      name: 'temperature',
      fn: 'output',
      type: 'number',
      wave: { base: 21.5, amplitude: 1.5, period_s: 30 },
    },
  ],
  wifi_required: true,
  wifi_networks: [{ ssid: 'Roof Lab', psk: 'secret psk 42', rssi: -48 }],
};

describe('commissioning with Improv Serial Wi-Fi (virtual ESP32)', { timeout: 120_000 }, () => {
  let dir: string;
  let studio: Studio;
  let app: string;
  const boards: VirtualEsp[] = [];
  let plan: (psk: string) => CommissionPlanInput;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iotmp-commission-improv-'));
    app = join(dir, 'roof-sensor.bin');
    await vesp('image', app, '--profile', JSON.stringify(PROFILE), '--chip', 'esp32');
    studio = await Studio.start({
      dataDir: dir,
      listeners: TCP_ONLY_LISTENERS,
      scryptCost: { logN: 10, r: 8, p: 1 },
    });
    plan = (psk) => ({
      name: 'Roof sensor',
      target: { kind: 'esp', chip: 'esp32' },
      firmware: esp32Firmware(app),
      identity: { pattern: 'roof-{n}' },
      broker: { host: '127.0.0.1', port: studio.broker.port('tcp')! },
      wifi: { ssid: 'Roof Lab', psk },
      provisioning: 'improv',
      joinTimeoutS: 45,
      checks: { inputs: false, types: { temperature: 'number' } },
    });
  }, 60_000);

  afterAll(async () => {
    await studio?.stop();
    await stopEsps(...boards);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const blank = async (mac: string) => {
    const b = await startEsp('esp32', { flashTimeScale: 0, extra: ['--mac', mac] });
    boards.push(b);
    return b;
  };

  it('identity in NVS, Wi-Fi over Improv, stored by the firmware, then it joins', async () => {
    const b = await blank('24:0a:c4:00:0a:01');
    const run = await studio.commission.start({
      plan: plan('secret psk 42'),
      ports: [{ path: b.port }],
      site: 'Roof',
      technician: 'Ana',
    });
    const [r] = await run.done;
    expect(r!.error).toBeNull();
    expect(r!.status).toBe('pass');
    const provision = r!.steps.find((s) => s.step === 'provision')!;
    expect(provision.detail).toMatch(
      /loader session; Wi-Fi "Roof Lab" accepted over Improv Serial by roof-sensor 3\.0\.1 \(provisioned\)$/,
    );
    expect(r!.provisioning).toEqual({
      method: 'improv',
      readBack: expect.objectContaining({
        device: 'roof-1',
        credential: '********',
        ssid: 'Roof Lab',
        psk: '********',
        improv: 'provisioned',
      }),
    });
    expect(r!.join).toMatchObject({ transport: 'tcp', diagnosis: null });
    // The firmware stored what Improv sent, next to the identity the loader wrote.
    const nvs = (await dumpNvs(b.dir)).namespaces['iotmp']!;
    expect(nvs.device?.value).toBe('roof-1');
    expect(nvs.ssid?.value).toBe('Roof Lab');
  });

  it('a wrong Wi-Fi password: the provision step says what the board answered', async () => {
    const b = await blank('24:0a:c4:00:0a:02');
    const run = await studio.commission.start({
      plan: plan('not the password'),
      ports: [{ path: b.port }],
      site: 'Roof',
      technician: 'Ana',
    });
    const [r] = await run.done;
    expect(r!.status).toBe('fail');
    expect(r!.stoppedAt).toBe('provision');
    expect(r!.error).toMatch(/^Wi-Fi "Roof Lab": the board could not connect/);
    // The identity is on the board (verified): the registry says so, Wi-Fi is what is missing.
    expect(r!.registryState).toMatch(/roof-2 registered; the board holds its credential/);
    expect(r!.join).toBeNull();
  });

  it('a plan for Improv without a Wi-Fi network is refused before any board is touched', async () => {
    await expect(
      studio.commission.start({
        plan: { ...plan('x'), wifi: null },
        ports: [{ path: '/dev/nonexistent' }],
        site: 'Roof',
        technician: 'Ana',
      }),
    ).rejects.toThrow(/wifi: Improv Serial provisioning sends the plan's Wi-Fi network/);
  });
});

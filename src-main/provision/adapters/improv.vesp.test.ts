/**
 * Improv Serial against the virtual ESP32's IoTMP device app (../shared/tools/virtual-esp), which
 * implements Improv version 1 and stores accepted Wi-Fi settings in NVS as nvs_flash would. The
 * app image is built with a profile listing one network, so a wrong password is refused as a
 * real board would refuse it. No identity is in NVS: the device never dials anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trackingOpener } from '../../flash/testing/vboard';
import { PortLeases } from '../../serial/SerialPortLease';
import { startEsp, stopEsps, vesp, VESP_FIXTURES, type VirtualEsp } from '../../flash/testing/vesp';
import { dumpNvs } from '../testing/nvsDump';
import { improv } from './improv';

const PROFILE = {
  behaviour: 'iotmp-device',
  name: 'improv-test',
  version: '2.1.0',
  resources: [],
  wifi_required: true,
  wifi_networks: [{ ssid: 'Roof Lab', psk: 'secret psk 42', rssi: -48 }],
  improv_url: 'http://pump-7.local/',
};

describe('Improv Serial on a virtual ESP32', { timeout: 60_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'improv-'));
  const leases = new PortLeases();
  const opener = trackingOpener();
  const boards: VirtualEsp[] = [];
  let esp: VirtualEsp;

  beforeAll(async () => {
    const app = join(tmp, 'improv-test.bin');
    await vesp('image', app, '--profile', JSON.stringify(PROFILE), '--chip', 'esp32');
    esp = await startEsp('esp32', { app, flashTimeScale: 0 });
    boards.push(esp);
  }, 60_000);

  afterAll(async () => {
    await stopEsps(...boards);
    rmSync(tmp, { recursive: true, force: true });
    expect(leases.size).toBe(0);
    expect(opener.live()).toBe(0);
  });

  test('device info names the firmware, its version and the chip', async () => {
    const info = await improv.deviceInfo(esp.port, { leases, open: opener.open });
    expect(info).toEqual({
      firmware: 'improv-test',
      version: '2.1.0',
      chip: 'ESP32',
      deviceName: 'improv-test',
    });
  });

  test('a wrong password: the board reports it cannot connect, nothing is stored', async () => {
    const e = await improv
      .setWifi(esp.port, 'Roof Lab', 'not the password', { leases, open: opener.open })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'REJECTED', detail: 'unable to connect' });
    expect((e as Error).message).toMatch(/^Wi-Fi "Roof Lab": the board could not connect/);
    const state = await improv.currentState(esp.port, { leases, open: opener.open });
    expect(state.state).toBe('ready');
    expect((await dumpNvs(esp.dir)).namespaces).toEqual({});
  });

  test('the right settings: provisioned with its URL, stored in NVS, the password in no log line', async () => {
    const log: string[] = [];
    const r = await improv.setWifi(esp.port, 'Roof Lab', 'secret psk 42', {
      leases,
      open: opener.open,
      onLog: (l) => log.push(l),
    });
    expect(r).toMatchObject({
      state: 'provisioned',
      urls: ['http://pump-7.local/'],
      device: { firmware: 'improv-test', chip: 'ESP32' },
    });
    expect(log.join('\n')).not.toContain('secret psk 42');
    expect(log).toContain('improv: sending Wi-Fi settings for "Roof Lab" (password ********)');
    const dump = await dumpNvs(esp.dir);
    expect(dump.namespaces.iotmp?.ssid?.value).toBe('Roof Lab');
    expect(dump.namespaces.iotmp?.psk?.value).toBe('secret psk 42');
    // After the reset the next session causes, the board still says provisioned (from NVS).
    const again = await improv.currentState(esp.port, { leases, open: opener.open });
    expect(again).toEqual({ state: 'provisioned', urls: ['http://pump-7.local/'] });
  });

  test('firmware that does not speak Improv: "did not answer Improv Serial" within the bound', async () => {
    const hello = await startEsp('esp32', { app: join(VESP_FIXTURES, 'esp32/hello.bin') });
    boards.push(hello);
    const e = await improv
      .deviceInfo(hello.port, { leases, open: opener.open, sends: 3 })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NO_ANSWER' });
    expect((e as Error).message).toMatch(/^the board did not answer Improv Serial/);
  });
});

/**
 * The identity image: read back by the virtual ESP's NVS reader, and by its booted IoTMP device
 * app (the way Arduino-ESP32's Preferences would on a real board).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEsp, stopEsps, vesp, VESP_FIXTURES, type VirtualEsp } from '../../flash/testing/vesp';
import { dumpNvs } from '../testing/nvsDump';
import { checkIdentity, type DeviceIdentity } from './identity';
import { buildNvsImage } from './nvsIdentity';
import { isProvisionError } from './ProvisionError';

const dir = mkdtempSync(join(tmpdir(), 'nvs-identity-'));
const boards: VirtualEsp[] = [];
afterAll(async () => {
  await stopEsps(...boards);
  rmSync(dir, { recursive: true, force: true });
});

// Loopback only: the booted device dials this host.
const identity: DeviceIdentity = {
  host: '127.0.0.1',
  port: 9,
  user: 'plant',
  device: 'pump-7',
  credential: 'c9E!x2#Lq8@vZr4t',
};

function refusal(id: DeviceIdentity): { code: string; field?: string; message: string } | null {
  try {
    checkIdentity(id);
    return null;
  } catch (e) {
    if (!isProvisionError(e)) throw e;
    return { code: e.code, field: e.field, message: e.message };
  }
}

describe('buildNvsImage', () => {
  it('stores the identity in namespace iotmp, port as u16, read back by the NVS reader', async () => {
    const file = join(dir, 'wifi.bin');
    writeFileSync(
      file,
      buildNvsImage({ ...identity, ssid: 'lab', psk: 'secret-psk' }, { size: 0x6000 }),
    );
    const dump = await dumpNvs(file);
    expect(dump.problems).toEqual([]);
    expect(dump.namespaces).toEqual({
      iotmp: {
        host: { type: 'string', value: '127.0.0.1' },
        port: { type: 'u16', value: 9 },
        user: { type: 'string', value: 'plant' },
        device: { type: 'string', value: 'pump-7' },
        credential: { type: 'string', value: identity.credential },
        ssid: { type: 'string', value: 'lab' },
        psk: { type: 'string', value: 'secret-psk' },
      },
    });
  });

  it('is 0x5000 bytes by default (the nvs partition of Arduino-ESP32 default tables)', () => {
    expect(buildNvsImage(identity).length).toBe(0x5000);
  });

  it('leaves out an empty psk (open network) and the Wi-Fi keys when there is no ssid', async () => {
    const file = join(dir, 'open.bin');
    writeFileSync(file, buildNvsImage({ ...identity, ssid: 'open-net', psk: '' }));
    const dump = await dumpNvs(file);
    expect(Object.keys(dump.namespaces.iotmp!).sort()).toEqual(
      ['credential', 'device', 'host', 'port', 'ssid', 'user'].sort(),
    );
  });

  it('is what the booted IoTMP device on a virtual ESP32 reads from its nvs partition', async () => {
    const file = join(dir, 'boot.bin');
    writeFileSync(file, buildNvsImage(identity, { size: 0x6000 }));
    const board = await startEsp('esp32', {
      app: join(VESP_FIXTURES, 'esp32/iotmp-sensor.bin'),
      preload: { 0x9000: file },
    });
    boards.push(board);
    const out = await vesp('expect', board.dir, 'nvs: iotmp/credential', '--timeout', '30');
    expect(out).toContain('nvs: iotmp/host = 127.0.0.1');
    expect(out).toContain('nvs: iotmp/port = 9');
    expect(out).toContain('nvs: iotmp/user = plant');
    expect(out).toContain('nvs: iotmp/device = pump-7');
    expect(out).toContain(`nvs: iotmp/credential = ******** (${identity.credential.length} chars)`);
    expect(out).not.toMatch(/E \(\d+\) nvs:|provisioning: missing/);
  }, 60_000);

  const bad: [string, Partial<DeviceIdentity>, string, RegExp][] = [
    ['an empty host', { host: '' }, 'host', /host must be a host name or address/],
    ['a host with a space', { host: 'my host' }, 'host', /host must be/],
    ['port 0', { port: 0 }, 'port', /port must be a whole number from 1 to 65535/],
    ['port 65536', { port: 65536 }, 'port', /port must be/],
    ['a device id with a space', { device: 'pump 7' }, 'device', /device must be 1–128 letters/],
    ['an empty user', { user: '' }, 'user', /user must be/],
    ['an empty credential', { credential: '' }, 'credential', /credential must be 1–128/],
    ['a credential with a space', { credential: 'a b' }, 'credential', /credential must be/],
    ['an SSID of 33 bytes', { ssid: 's'.repeat(33) }, 'ssid', /ssid must be 1–32 bytes/],
    ['a psk of 7 characters', { ssid: 'x', psk: 'short12' }, 'psk', /psk must be 8–63/],
    ['a psk without an ssid', { psk: 'long-enough' }, 'psk', /psk needs an ssid/],
  ];
  for (const [what, change, field, message] of bad) {
    it(`refuses ${what}, naming the field and never the credential`, () => {
      const r = refusal({ ...identity, ...change });
      expect(r).toMatchObject({ code: 'IDENTITY_INVALID', field });
      expect(r!.message).toMatch(message);
      expect(r!.message).not.toContain(identity.credential);
    });
  }

  it('accepts a 64-hex-digit PSK (a raw WPA key)', () => {
    expect(refusal({ ...identity, ssid: 'x', psk: 'ab'.repeat(32) })).toBeNull();
  });
});

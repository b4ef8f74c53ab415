/**
 * A 1 MB app and the NVS identity on a blank virtual ESP32 (the bench's case). The firmware and
 * the identity go in one ROM-loader session: written separately, the board booted the new app
 * between the two, and the emulator's boot check of a 1 MB image held it past the loader's SYNC
 * attempts ("board did not enter its download mode"). Devices dial another host here, so the run
 * ends after writing: what it proves is in the flash (read through the control socket).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Studio } from '../app/Studio';
import { dumpFlash } from '../flash/testing/vesp';
import { startEsp, stopEsps, type VirtualEsp } from '../provision/testing/vesp';
import { ESP32_FIXTURES, esp32Firmware } from './testing/esp32Firmware';

describe('a 1 MB app then the NVS identity (virtual ESP32)', { timeout: 180_000 }, () => {
  let dir: string;
  let studio: Studio;
  let board: VirtualEsp | undefined;
  /** The fixture 1 MB app (compresses like code); the banner app: no join is watched here. */
  const app = `${ESP32_FIXTURES}bench-1mb.bin`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iotmp-commission-1mb-'));
    studio = await Studio.start({
      dataDir: dir,
      listeners: { tcp: null, tcpLegacy: null, tls: null, wss: null, ws: null },
      scryptCost: { logN: 10, r: 8, p: 1 },
    });
  }, 60_000);

  afterAll(async () => {
    await studio?.stop();
    await stopEsps(board);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('writes both in one loader session, verified, and records the identity the board holds', async () => {
    board = await startEsp('esp32', '--flash-time-scale', '0');
    const run = await studio.commission.start({
      plan: {
        name: 'Big sensor',
        target: { kind: 'esp', chip: 'esp32' },
        firmware: esp32Firmware(app),
        identity: { pattern: 'big-{n}' },
        // TEST-NET-1: not this laptop, so the join is not watched and the run ends after writing.
        broker: { host: '192.0.2.10', port: 25204 },
        provisioning: 'nvs',
      },
      ports: [{ path: board.port }],
      site: 'Bench',
      technician: 'Ana',
    });
    const [r] = await run.done;
    expect(r!.error).toBeNull();
    expect(r!.status).toBe('pass');
    const step = (name: string) => r!.steps.find((s) => s.step === name)!;
    expect(step('flash')).toMatchObject({ status: 'passed' });
    expect(step('flash').detail).toMatch(/with nvs in the same loader session/);
    expect(step('provision')).toMatchObject({ status: 'passed' });
    expect(step('provision').detail).toMatch(/nvs at 0x9000.*loader session/);
    expect(r!.firmware.verified).toBe(true);
    expect(r!.registryState).toBe(
      'studio/big-1 registered; the board holds its credential (read back)',
    );
    expect(studio.broker.devices.get('studio', 'big-1')).toBeDefined();
    // What the board holds (the MD5s were checked by the loader): the identity in the nvs
    // partition. The board boots the 1 MB app now, and the emulator's image check keeps its
    // control socket busy for a while: asked again until it answers (bounded).
    const until = Date.now() + 120_000;
    let raw: Uint8Array | undefined;
    while (!raw)
      raw = await dumpFlash(board, 0x9000, 0x6000).catch((e: unknown) => {
        if (Date.now() > until) throw e;
        return undefined;
      });
    const nvs = Buffer.from(raw).toString('latin1');
    expect(nvs).toContain('big-1');
    expect(nvs).toContain('192.0.2.10');
  });
});

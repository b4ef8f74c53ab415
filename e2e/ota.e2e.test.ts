/**
 * OTA updates in Chromium (issue 15): headless mode as a process, two simulated devices whose
 * `$ota/*` resources behave as the IOTMP-Arduino OTA headers (simulator/otaFirmware.ts), and the
 * OTA view: an image chosen, both devices selected, progress per device, then one updated and
 * one refused with the reason (its OTA space is too small), without costing the other anything.
 * Screenshot: ota-two-devices-light.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtaFirmware } from '../src-main/simulator/otaFirmware';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
const IMAGE = Buffer.concat([randomBytes(60_000), Buffer.alloc(60_000, 0xff)]);
const roomy = new OtaFirmware({
  version: '1.0.0',
  freeSpace: 1_000_000,
  blockSize: 2048,
  compression: 'zlib',
});
const cramped = new OtaFirmware({ version: '1.0.0', freeSpace: 64_000, blockSize: 2048 });

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/valve', '--add-device', 'site/meter']);
  for (const [device, fw] of [
    ['valve', roomy],
    ['meter', cramped],
  ] as const) {
    const d = session.device({
      user: 'site',
      device,
      credential: session.credentialOf(`site/${device}`),
      extraResources: fw.resources(),
    });
    d.start();
    await d.waitForState('online', AbortSignal.timeout(10_000));
  }
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('OTA updates in Chromium', () => {
  it('updates two devices with progress: one succeeds, one is refused with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ota-e2e-'));
    const bin = join(dir, 'valve-2.0.0.bin');
    writeFileSync(bin, IMAGE);
    const { page, problems } = await session.open('ota', { theme: 'light', height: 900 });
    await expect.poll(() => page.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(2);
    await page.getByLabel('Firmware image (.bin)').setInputFiles(bin);
    await expect
      .poll(() => page.getByText('valve-2.0.0.bin · 117.2 KiB').count(), { timeout: 10_000 })
      .toBe(1);
    await page.getByLabel('Version (optional)').fill('2.0.0');
    await page.getByRole('checkbox', { name: 'valve' }).check();
    await page.getByRole('checkbox', { name: 'meter' }).check();
    await page.getByRole('button', { name: 'Update 2 devices' }).click();

    const valve = page.getByRole('row', { name: 'valve' });
    const meter = page.getByRole('row', { name: 'meter' });
    await expect.poll(() => valve.getAttribute('data-result'), { timeout: 30_000 }).toBe('success');
    await expect.poll(() => meter.getAttribute('data-result'), { timeout: 30_000 }).toBe('failure');
    await expect
      .poll(() => meter.textContent(), { timeout: 10_000 })
      .toContain('the image (117.2 KiB) is larger than the 62.5 KiB the device accepts');
    await expect.poll(() => valve.textContent(), { timeout: 10_000 }).toContain('100 %');
    await expect
      .poll(() => page.getByText('1 updated, 1 failed').count(), { timeout: 10_000 })
      .toBe(1);
    expect(Buffer.from(roomy.installed!).equals(IMAGE)).toBe(true);
    expect(roomy.version).toBe('2.0.0');
    expect(cramped.writes).toBe(0);
    await session.screenshot(page, 'ota-two-devices-light');
    expect(problems).toEqual([]);
  }, 90_000);
});

/**
 * The Devices view end to end (UI.md §3.1, §3.2, §6): headless mode with one registered device
 * that has never connected shows the empty state; a simulated device connects and appears in the
 * tree within a second; opening it shows the device page header; when it disconnects its row
 * greys with "last seen". Screenshots: devices-empty, devices-connected and device-page.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { preset } from '../src-main/simulator/presets';
import type { SimulatedDevice } from '../src-main/simulator/SimulatedDevice';
import { ROOT, startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
let thermo: SimulatedDevice;

const thermostat = preset('demo').profiles[0]!;
/** The demo thermostat plus a run resource `identify`, so the page offers Identify. */
const profile = {
  ...thermostat,
  resources: { ...thermostat.resources, identify: { kind: 'action' as const } },
};

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/thermo']);
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

const row = (page: Page, name: RegExp) => page.getByRole('treeitem', { name });
const actions = (page: Page) => page.getByRole('toolbar', { name: 'Device actions' });

/** A contract call through the headless API, with the console's token. */
async function callApi(name: string, body: unknown): Promise<unknown> {
  const url = new URL(session.url);
  const res = await fetch(`${url.origin}/api/v1/call/${name}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${url.searchParams.get('token')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('the Devices view in Chromium', () => {
  it('shows the empty state, then a device that connects within a second, its page, and its going offline', async () => {
    const light = await session.open('devices', { theme: 'light' });
    const page = light.page;
    await expect
      .poll(() => page.getByRole('heading', { name: 'No device has connected yet.' }).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    // The registered device is listed before it ever connects, with the broker's ports beside.
    await expect.poll(() => row(page, /^thermo, offline/).count()).toBe(1);
    const simulate = page.getByLabel(
      'Or try three simulated devices (run it in the IoTMP Studio folder):',
    );
    const command = await simulate.textContent();
    expect(command).toBe(
      `npx iotmp simulate --devices 3 --host 127.0.0.1 --port ${session.tcpPort}`,
    );
    // The line runs as shown in a shell in the Studio folder (`--help`: parse it, start nothing).
    const help = spawnSync('sh', ['-c', `${command} --help`], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: iotmp simulate');
    expect(await page.getByRole('link', { name: 'Add a device' }).getAttribute('href')).toBe(
      '#/admin',
    );
    expect(await page.locator('.view-header').textContent()).toContain('1 device · 0 online');
    await session.screenshot(page, 'devices-empty-light');

    thermo = session.device({
      user: 'site',
      device: 'thermo',
      credential: session.credentialOf('site/thermo'),
      profile,
    });
    thermo.start();
    await thermo.waitForState('online', AbortSignal.timeout(10_000));
    const connectedAt = Date.now();
    await row(page, /^thermo, online/).waitFor({ timeout: 1_000 });
    const appearedIn = Date.now() - connectedAt;
    expect(appearedIn).toBeLessThan(1_000);
    expect(await page.locator('[role=treeitem][data-appeared]').count()).toBe(1);
    await expect
      .poll(() => page.locator('.view-header').textContent())
      .toContain('1 device · 1 online');
    await session.screenshot(page, 'devices-connected-light');

    // Expanding the device lists its resources from describe, with the kind in words.
    await page.getByRole('tree', { name: 'Devices' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByRole('treeitem', { name: 'temperature, Out' }).count(), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(await page.getByRole('treeitem', { name: 'identify, Run' }).count()).toBe(1);
    expect(await row(page, /^thermo, online/).getAttribute('aria-expanded')).toBe('true');

    // Enter opens the device page: header with presence, connection facts and actions.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/devices/site/thermo');
    const header = page.getByRole('heading', { name: /thermo/, level: 2 });
    await header.waitFor();
    await expect.poll(() => page.getByText(/^Online(:| for)/).count()).toBe(1);
    const facts = page.getByRole('definition');
    await expect.poll(async () => (await facts.allTextContents()).join(' ')).toContain('TCP');
    expect((await facts.allTextContents()).join(' ')).toContain('pv1');
    await actions(page).getByRole('button', { name: 'Identify' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('tab', { name: 'Resources' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(await row(page, /^thermo, online/).getAttribute('aria-selected')).toBe('true');
    await actions(page)
      .getByRole('button', { name: /^Stop streams/ })
      .click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'No stream' }).count())
      .toBe(1);
    // The header's counters follow the traffic (describe, the panels' reads) by polling.
    await expect
      .poll(async () => (await facts.allTextContents()).join(' '), { timeout: 3_000 })
      .not.toContain('0 B / 0 B');
    await session.screenshot(page, 'device-page-light');

    // The largest frame sent to this device (IOTMP.md §9.1.7): 4 KiB until raised, saved at once.
    const limit = page.getByLabel('Largest frame to device');
    await expect.poll(() => limit.inputValue()).toBe('4096');
    await limit.selectOption({ label: '32 KiB · Embedded' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Largest frame to this device: 32 KiB (Embedded core).' })
      .waitFor();
    expect(await callApi('devices.get', { user: 'site', device: 'thermo' })).toMatchObject({
      maxFrameBytes: 32_768,
    });
    await session.screenshot(page, 'device-page-frame-limit-light');
    await limit.selectOption('4096');
    await expect
      .poll(
        async () =>
          (
            (await callApi('devices.get', { user: 'site', device: 'thermo' })) as {
              maxFrameBytes: number;
            }
          ).maxFrameBytes,
      )
      .toBe(4096);

    // The same views in the dark theme.
    const dark = await session.open('devices', { theme: 'dark' });
    await row(dark.page, /^thermo, online/).waitFor({ timeout: 10_000 });
    await session.screenshot(dark.page, 'devices-connected-dark');
    await dark.page.goto(`${session.url}#/devices/site/thermo`);
    await actions(dark.page).getByRole('button', { name: 'Identify' }).waitFor({ timeout: 10_000 });
    await session.screenshot(dark.page, 'device-page-dark');
    await dark.page.close();

    // An automatically accepted device joins in its own group, with a "new" badge.
    await callApi('settings.update', { acceptNewDevices: true });
    session
      .device({
        user: 'lab',
        device: 'relay-1',
        credential: 'commissioning',
        profile: preset('demo').profiles[1]!,
      })
      .start();
    await row(page, /^relay-1, online, new/).waitFor({ timeout: 5_000 });
    await page.getByRole('searchbox', { name: 'Filter devices' }).fill('heat');
    await expect.poll(() => page.getByRole('treeitem').count()).toBe(3);
    await session.screenshot(page, 'devices-filtered-light');
    await page.getByRole('searchbox', { name: 'Filter devices' }).fill('');
    await row(page, /^thermo, online/).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Actions for thermo' }).waitFor();
    await session.screenshot(page, 'devices-menu-light');
    await page.keyboard.press('Escape');

    // The device goes away: greyed, sorted last, with "last seen"; the header says Offline.
    await thermo.stop();
    await row(page, /^thermo, offline/).waitFor({ timeout: 5_000 });
    expect(await row(page, /^thermo, offline/).textContent()).toContain('last seen');
    await expect.poll(() => page.getByText(/^Offline: last seen/).count()).toBe(1);
    // The highlight of a device that appeared lasts a second.
    await expect
      .poll(() => page.locator('[role=treeitem][data-appeared]').count(), { timeout: 2_000 })
      .toBe(0);
    await session.screenshot(page, 'device-page-offline-light');

    expect(light.problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('an unknown device route says so, with a way back', async () => {
    const { page } = await session.open('devices/site/nope');
    await page
      .getByRole('heading', { name: 'No device site/nope is known to this broker.' })
      .waitFor();
    await page.getByRole('link', { name: 'Back to Devices' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/devices$/);
    await page.close();
  }, 30_000);
});

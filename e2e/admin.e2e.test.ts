/**
 * Devices admin and Settings end to end (UI.md §3.6, §3.10, §6): a device added in the browser
 * shows its credential once, and a simulated device connects with exactly that credential; accept
 * new devices registers an unknown device and turns amber in the status bar; a wrong credential
 * is listed under rejected connections; a reset disconnects the device. Settings in both themes,
 * and switching the theme sets `data-theme` on <html>. Screenshots: admin-credential-once-light,
 * settings-light, settings-dark, and admin-* for looking at the view by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../src-main/simulator/presets';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
const profile = preset('demo').profiles[0]!;

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/thermo']);
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('Devices admin in Chromium', () => {
  it('adds a device, shows its credential once, and a device connects with it', async () => {
    const { page, problems } = await session.open('admin', { theme: 'light' });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await expect
      .poll(() => page.getByRole('rowheader', { name: 'thermo' }).count(), { timeout: 10_000 })
      .toBe(1);
    await session.screenshot(page, 'admin-devices-light');
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Add device' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a device' });
    await dialog.getByLabel('User').fill('site');
    await dialog.getByLabel('Device id').fill('thermo');
    await expect
      .poll(() => dialog.getByText('thermo already exists for user site.').count())
      .toBe(1);
    await session.screenshot(page, 'admin-add-light');
    await dialog.getByLabel('Device id').fill('boiler-2');
    await dialog.getByLabel('Name', { exact: true }).fill('Boiler room 2');
    await dialog.getByRole('button', { name: 'Add device' }).click();

    const once = page.getByTestId('credential-once');
    await once.waitFor({ timeout: 10_000 });
    expect(await once.getAttribute('role')).toBe('dialog');
    const credential = (await once.getByLabel('Credential').textContent())!;
    expect(credential).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(await once.getByRole('img', { name: 'QR code of the connection details' }).count()).toBe(
      1,
    );
    expect(await once.textContent()).toContain(`TCP: ${session.tcpPort}`);
    await session.screenshot(page, 'admin-credential-once-light');

    // Closing before copying asks first.
    await page.keyboard.press('Escape');
    await once.getByRole('button', { name: 'Keep it open' }).click();
    await once.getByRole('button', { name: 'Copy credential' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(credential);
    await once.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => once.count()).toBe(0);

    const device = session.device({ user: 'site', device: 'boiler-2', credential, profile });
    device.start();
    await device.waitForState('online', AbortSignal.timeout(10_000));
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'boiler-2' }) });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('online');
    expect(await row.textContent()).toContain('Boiler room 2');
    expect(await row.textContent()).toMatch(/set (just now|\d+ s ago)/);

    // A reset names its effect, disconnects the device and shows the new credential once.
    await page.getByRole('button', { name: 'Reset credential of site/boiler-2' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset the credential of site/boiler-2?' });
    expect(await reset.textContent()).toContain('cannot reconnect until its firmware has');
    await reset.getByRole('button', { name: 'Reset credential' }).click();
    await page.getByRole('dialog', { name: 'New credential for site/boiler-2' }).waitFor();
    await expect.poll(() => device.state, { timeout: 10_000 }).not.toBe('online');
    await page
      .getByTestId('credential-once')
      .getByRole('button', { name: 'Copy credential' })
      .click();
    await page.getByTestId('credential-once').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('offline');
    await device.stop();
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('accept new devices registers an unknown device, amber in the status bar; a wrong credential is listed as rejected', async () => {
    const { page } = await session.open('admin', { theme: 'dark' });
    const toggle = page.getByRole('switch', { name: 'Accept new devices' });
    await expect.poll(() => toggle.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByLabel('Turn off after').inputValue()).toBe('3600000');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect
      .poll(() => page.getByRole('contentinfo').textContent())
      .toContain('Accepting new devices');
    expect(await page.getByText(/turns itself off at \d\d:\d\d:\d\d/).count()).toBe(1);

    const stranger = session.device({
      user: 'site',
      device: 'pump-new',
      credential: 'factory-secret',
      profile,
    });
    stranger.start();
    await stranger.waitForState('online', AbortSignal.timeout(10_000));
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /pump-new/ }) });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('auto');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');

    const wrong = session.device({
      user: 'site',
      device: 'thermo',
      credential: 'not-the-right-one',
      profile,
    });
    wrong.start();
    const rejected = page.getByRole('region', { name: /Rejected connections/ });
    await expect
      .poll(() => rejected.textContent(), { timeout: 15_000 })
      .toContain('wrong credential');
    await wrong.stop();
    await session.screenshot(page, 'admin-devices-dark');

    await page.getByRole('button', { name: 'Delete site/pump-new' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete site/pump-new?' });
    expect(await dialog.textContent()).toContain('Online now, so disconnected at once');
    await session.screenshot(page, 'admin-delete-dark');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => stranger.state, { timeout: 10_000 }).not.toBe('online');
    await stranger.stop();
    await page.close();
  }, 60_000);
});

describe('Settings in Chromium', () => {
  it('shows every section in both themes, and switching the theme sets data-theme on <html>', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await session.open('settings', { theme, height: 1800 });
      await expect
        .poll(() => page.getByRole('region', { name: 'Broker' }).textContent(), {
          timeout: 10_000,
        })
        .toContain('SHA-256 fingerprint');
      if (theme === 'light') {
        // An endpoint typed and saved against the real broker, so the screenshots show one.
        const endpoints = page.getByRole('region', { name: 'Endpoints' });
        await endpoints.getByRole('button', { name: 'Add endpoint' }).click();
        await endpoints.getByLabel('Name', { exact: true }).fill('alarm');
        await endpoints.getByLabel('URL', { exact: true }).fill('ftp://plant');
        await expect
          .poll(() => endpoints.getByText('A full address beginning http:// or https://.').count())
          .toBe(1);
        await endpoints
          .getByLabel('URL', { exact: true })
          .fill('https://hooks.plant.example/alarm');
        await endpoints.getByLabel('Headers').fill('Authorization: Bearer 42');
        await endpoints.getByRole('button', { name: 'Save endpoints' }).click();
        await expect.poll(() => endpoints.getByText(/Unsaved changes/).count()).toBe(0);
      }
      await session.screenshot(page, `settings-${theme}`);
      expect(
        await page
          .getByRole('region', { name: 'Endpoints' })
          .getByLabel('Name', { exact: true })
          .inputValue(),
      ).toBe('alarm');
      expect(problems).toEqual([]);
      await page.close();
    }

    const { page } = await session.open('settings/appearance', { theme: 'light' });
    const appearance = page.getByRole('region', { name: 'Appearance' });
    await appearance.getByText('Dark', { exact: true }).click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page.reload();
    // Kept in this browser across a reload.
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page
      .getByRole('region', { name: 'Appearance' })
      .getByText('Light', { exact: true })
      .click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await page.close();
  }, 60_000);
});

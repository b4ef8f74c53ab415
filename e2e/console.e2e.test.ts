/**
 * The web console end to end, as a user meets it: headless mode started as a real process from a
 * fresh data folder, a simulated device connecting, and Debian's Chromium opening the printed
 * console URL. The page reaches the broker only through the typed API over its WebSocket, under
 * the console's strict CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../src-main/simulator/presets';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/thermo']);
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('the web console in Chromium', () => {
  it('shows the broker status and sees a device come online, with no CSP violation', async () => {
    const { page, problems } = await session.open('devices');
    const response = await page.reload();
    // The console's CSP: the page's own scripts only, WebSockets back to this server only.
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const status = page.getByTestId('broker-status');
    await expect
      .poll(() => status.textContent(), { timeout: 10_000 })
      .toContain('0 of 1 devices online');

    session
      .device({
        user: 'site',
        device: 'thermo',
        credential: session.credentialOf('site/thermo'),
        profile: preset('demo').profiles[0]!,
      })
      .start();
    await expect
      .poll(() => status.textContent(), { timeout: 10_000 })
      .toContain('1 of 1 devices online');
    await session.screenshot(page, 'console-status');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('navigates by hash route and by the g-sequence shortcuts, with the h1 equal to the nav label', async () => {
    const { page } = await session.open('inspector');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inspector');
    await page.locator('body').press('g');
    await page.locator('body').press('a');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Admin');
    expect(page.url()).toContain('#/admin');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Settings');
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.getByRole('dialog', { name: 'Command palette' }).count()).toBe(1);
    await page.keyboard.type('devices');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Devices');
    await page.close();
  }, 30_000);

  it('without the token the page says how to connect, and the API refuses it', async () => {
    const base = session.url.split('?')[0]!;
    const page = await session.browser.newPage();
    await page.goto(base);
    await expect
      .poll(() => page.getByTestId('broker-status').textContent())
      .toContain('not connected');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Open the console link' }).count())
      .toBe(1);
    const api = await page.evaluate(async (u) => (await fetch(`${u}api/v1/status`)).status, base);
    expect(api).toBe(401);
    await page.close();
  }, 30_000);
});

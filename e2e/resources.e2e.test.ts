/**
 * The Resources tab end to end (UI.md §3.2, §3.4, §6): headless mode with a simulated device
 * that has a run, an input, an output and an input + output resource and a switch. A resource is
 * run and its output shown; a switch asks for confirmation, is toggled, and the state the device
 * reports appears. Screenshots: device-run-output, actuator-armed and actuator-reported (light),
 * and the tab in the dark theme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DeviceProfileInput } from '../src-main/simulator/config';
import type { SimulatedDevice } from '../src-main/simulator/SimulatedDevice';
import { startConsole, type ConsoleSession } from './support/consoleSession';

/** One resource of every kind (IOTMP.md §7.2), a switch, a map output and a slider. */
const profile: DeviceProfileInput = {
  name: 'panel',
  resources: {
    reset: { kind: 'action' },
    temperature: { kind: 'sensor', value: 21.5, noise: 0.3, decimals: 1 },
    supply: {
      kind: 'sensor',
      value: { volts: 12.1, amps: 0.8 },
      noise: { volts: 0.05, amps: 0.1 },
      decimals: 2,
    },
    setpoint: { kind: 'slider', min: 5, max: 30, step: 0.5, initial: 21 },
    relay1: { kind: 'switch', push: { onInput: true } },
    echo: { kind: 'rpc', template: { text: 'hello', repeat: 2, loud: false } },
    // Every PSON shape in one value (the JSON conventions of protocol/json.ts).
    config: {
      kind: 'rpc',
      template: {
        site: 'pump station 3',
        gain: 0.10000000149011612,
        serial: { $bigint: '18446744073709551615' },
        key: { $bytes: '00ff10a0' },
        levels: [12.5, 14, 13.2, 15.8, 14.9],
        limits: { low: { warn: { at: 3 } } },
        note: '',
        enabled: true,
      },
    },
  },
};

let session: ConsoleSession;
let panel: SimulatedDevice;

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/panel']);
  await connectPanel();
}, 60_000);

/** The simulated device, connected (a stopped simulator stays stopped: this makes a new one). */
async function connectPanel(): Promise<void> {
  panel = session.device({
    user: 'site',
    device: 'panel',
    credential: session.credentialOf('site/panel'),
    profile,
  });
  panel.start();
  await panel.waitForState('online', AbortSignal.timeout(10_000));
}

afterAll(async () => {
  await session?.stop();
});

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function openTab(theme: 'light' | 'dark') {
  const opened = await session.open('devices/site/panel', { theme, width: 1440, height: 960 });
  // A locator that matches nothing would otherwise wait 30 s inside each poll.
  opened.page.setDefaultTimeout(10_000);
  await region(opened.page, 'echo').waitFor();
  return opened;
}

describe('the Resources tab in Chromium', () => {
  it('runs a resource and shows its output', async () => {
    const { page, problems } = await openTab('light');
    const echo = region(page, 'echo');
    const text = echo.getByRole('textbox', { name: 'text' });
    await expect.poll(() => text.inputValue(), { timeout: 10_000 }).toBe('hello');
    await text.fill('pump 2 started');
    await echo.getByRole('switch', { name: 'loud' }).click();
    await echo.getByRole('button', { name: 'Run', exact: true }).click();
    const value = echo.getByLabel('Value', { exact: true });
    await expect.poll(() => value.textContent(), { timeout: 10_000 }).toContain('pump 2 started');
    expect(await value.textContent()).toContain('true');
    await expect
      .poll(() => echo.locator('.rp-foot').textContent())
      .toMatch(/Done \d\d:\d\d:\d\d · \d+ ms/);

    const reset = region(page, 'reset');
    await reset.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => reset.textContent(), { timeout: 10_000 })
      .toMatch(/Done \d\d:\d\d:\d\d · \d+ ms/);
    // Focus stays on the button after Run (UI.md §5).
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Run');

    await session.screenshot(page, 'device-run-output-light');

    // Panels read their sample once scrolled into view (UI.md §3.2 "Reading values").
    const temperature = region(page, 'temperature');
    await temperature.scrollIntoViewIfNeeded();
    await expect
      .poll(() => temperature.getByLabel('Value', { exact: true }).textContent())
      .toMatch(/^\d+(\.\d)?$/);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('toggles a switch after confirmation and shows the state the device reports', async () => {
    const { page, problems } = await openTab('light');
    const relay = region(page, 'relay1');
    const control = relay.getByRole('switch', { name: 'relay1' });
    await expect
      .poll(() => control.getAttribute('aria-checked'), { timeout: 10_000 })
      .toBe('false');

    await control.click();
    const armed = relay.getByRole('group', { name: 'Confirm: turn ON relay1' });
    await armed.waitFor();
    expect(await armed.textContent()).toContain('Turn ON relay1?');
    await session.screenshot(page, 'actuator-armed-light');
    // Esc cancels: nothing reaches the device.
    await page.keyboard.press('Escape');
    await armed.waitFor({ state: 'detached' });
    expect(await control.getAttribute('aria-checked')).toBe('false');

    await control.click();
    await armed.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => control.getAttribute('aria-checked'), { timeout: 10_000 }).toBe('true');
    expect(await relay.getByLabel('Reported', { exact: true }).textContent()).toContain('true');
    expect(panel.resources.get('relay1')?.sample()).toBe(true);
    const strip = page.getByRole('region', { name: 'Controls' });
    expect(await strip.getByRole('switch', { name: 'relay1' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'relay1:' }).textContent())
      .toBe('relay1: the device reports ON');
    await session.screenshot(page, 'actuator-reported-light');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('looks right in the dark theme too', async () => {
    const { page, problems } = await openTab('dark');
    const supply = region(page, 'supply');
    await supply.scrollIntoViewIfNeeded();
    await expect
      .poll(() => supply.getByLabel('Value', { exact: true }).textContent(), { timeout: 10_000 })
      .toContain('volts');
    await session.screenshot(page, 'resources-tab-dark');
    const config = region(page, 'config');
    await config.scrollIntoViewIfNeeded();
    const shapes = config.getByLabel('Value', { exact: true });
    await expect.poll(() => shapes.textContent(), { timeout: 10_000 }).toContain('00 ff 10 a0');
    const text = await shapes.textContent();
    expect(text).toContain('0.1');
    expect(text).not.toContain('0.10000000149011612');
    expect(text).toContain('18446744073709551615 big');
    expect(text).toContain('(empty text)');
    expect(text).toContain('limits.low.warn');
    await session.screenshot(page, 'resources-shapes-dark');
    await region(page, 'relay1').getByRole('switch', { name: 'relay1' }).click();
    await region(page, 'relay1')
      .getByRole('group', { name: /^Confirm/ })
      .waitFor();
    await session.screenshot(page, 'actuator-armed-dark');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('offline: actions wait with the reason, values go stale, and come back on reconnect', async () => {
    const { page, problems } = await openTab('light');
    const setpoint = region(page, 'setpoint');
    const field = setpoint.getByRole('textbox', { name: 'setpoint' });
    await expect.poll(() => field.inputValue()).toBe('21');
    await field.fill('23.5');
    await panel.stop();
    await setpoint.getByText('Actions resume when the device reconnects').waitFor();
    await expect.poll(() => setpoint.getByText(/^stale · /).count()).toBe(1);
    expect(await field.inputValue()).toBe('23.5');
    await session.screenshot(page, 'resources-offline-light');
    await connectPanel();
    await setpoint.getByText('Actions resume when the device reconnects').waitFor({
      state: 'detached',
      timeout: 15_000,
    });
    expect(await field.inputValue()).toBe('23.5');
    await expect.poll(() => setpoint.getByText(/^stale · /).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});

/**
 * Settings → MQTT bridge in Chromium against headless mode bridged (`--bridge-url`) to a real
 * mosquitto: the section says Connected with the counters; with mosquitto stopped it says the
 * cluster is unreachable and the queue grows; back, it drains; a setting changed in the form is
 * saved and the bridge reconnects with it. Screenshots: settings-bridge-connected-light,
 * settings-bridge-queued-dark, settings-bridge-saved-light.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MosquittoProcess, mosquittoInstalled } from '../src-main/bridge/testing/mosquittoProcess';
import { MosquittoSub } from '../src-main/bridge/testing/bridgeFixture';
import { startConsole, type ConsoleSession } from './support/consoleSession';

const meter = {
  name: 'meter',
  resources: {
    power: {
      kind: 'sensor' as const,
      value: 100,
      noise: 5,
      decimals: 1,
      push: { everyMs: 200, checkMs: 1000, onInput: false },
    },
  },
};

describe.skipIf(!mosquittoInstalled())('Settings → MQTT bridge in Chromium', () => {
  let mosquitto: MosquittoProcess;
  let session: ConsoleSession;

  beforeAll(async () => {
    mosquitto = await MosquittoProcess.start();
    session = await startConsole([
      '--add-device',
      'site/meter-1',
      '--bridge-url',
      mosquitto.url,
      '--bridge-prefix',
      'plant',
      '--bridge-client-id',
      'gw-e2e',
      '--bridge-interval',
      '0',
    ]);
  }, 60_000);
  afterAll(async () => {
    await session?.stop();
    await mosquitto?.stop();
  });

  it('shows the link, the queue while the cluster is down, and saves settings', async () => {
    expect(session.lines).toContain(
      `bridge: ${mosquitto.url} as gw-e2e, prefix plant (connecting)`,
    );
    const device = session.device({
      user: 'site',
      device: 'meter-1',
      credential: session.credentialOf('site/meter-1'),
      profile: meter,
    });
    device.start();
    await device.waitForState('online', AbortSignal.timeout(10_000));

    const { page, problems } = await session.open('settings/bridge', { theme: 'light' });
    const section = page.getByRole('region', { name: 'MQTT bridge' });
    const state = section.getByRole('status');
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toContain('Connected');
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toContain('Streams bridged1');
    expect(
      await section
        .getByRole('switch', { name: 'Bridge to an MQTT cluster' })
        .getAttribute('aria-checked'),
    ).toBe('true');
    await section.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await session.screenshot(page, 'settings-bridge-connected-light');

    await mosquitto.pause();
    await expect
      .poll(() => state.textContent(), { timeout: 10_000 })
      .toContain('Cluster unreachable');
    // The meter pushes 5 samples/s: the queue grows on disk.
    await expect
      .poll(
        async () =>
          Number(/Queued([\d,]+)/.exec((await state.textContent())!)?.[1]?.replace(/,/g, '')),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(5);
    const dark = await session.open('settings/bridge', { theme: 'dark' });
    const darkState = dark.page.getByRole('region', { name: 'MQTT bridge' }).getByRole('status');
    await expect
      .poll(() => darkState.textContent(), { timeout: 10_000 })
      .toContain('Cluster unreachable');
    await dark.page
      .getByRole('region', { name: 'MQTT bridge' })
      .evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await session.screenshot(dark.page, 'settings-bridge-queued-dark');
    await dark.page.context().close();

    await mosquitto.resume();
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toContain('Connected');
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toMatch(/Queued0/);

    // A bad prefix is refused at the field; a good one is saved and used.
    const prefix = section.getByLabel('Topic prefix');
    await prefix.fill('plant/#');
    await expect.poll(() => section.getByText('no spaces, # or +').count()).toBeGreaterThan(0);
    await prefix.fill('acme/site-a');
    const sub = new MosquittoSub(mosquitto.port, ['acme/site-a/site/meter-1/power']);
    try {
      await section.getByRole('button', { name: 'Save and reconnect' }).click();
      await expect
        .poll(() => section.getByText('Unsaved changes.').count(), { timeout: 10_000 })
        .toBe(0);
      await expect.poll(() => state.textContent(), { timeout: 10_000 }).toContain('Connected');
      await sub.waitFor((m) => m.topic === 'acme/site-a/site/meter-1/power');
    } finally {
      sub.stop();
    }
    await section.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await session.screenshot(page, 'settings-bridge-saved-light');
    expect(problems).toEqual([]);
  }, 90_000);
});

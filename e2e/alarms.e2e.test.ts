/**
 * Alarms end to end (issue 15): headless mode as a process, a simulated tank whose level a person
 * changes on the device, and Chromium on `#/alarms`: a rule added in the form (a bad threshold
 * refused beside its field), the alarm raised live when the level crosses it, acknowledged,
 * cleared on its own when the level comes back, and the events that tell the story.
 * Screenshots: alarms-active-light, alarms-dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../src-main/simulator/SimulatedDevice';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
let tank: SimulatedDevice;

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/tank']);
  tank = session.device({
    user: 'site',
    device: 'tank',
    credential: session.credentialOf('site/tank'),
    profile: {
      name: 'tank',
      resources: { level: { kind: 'slider', min: 0, max: 100, step: 1, initial: 20 } },
    },
  });
  tank.start();
  await tank.waitForState('online', AbortSignal.timeout(10_000));
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('Alarms in Chromium', () => {
  it('adds a rule, shows the alarm when it is raised, acknowledges it and sees it clear', async () => {
    const { page, problems } = await session.open('alarms', { theme: 'light', height: 1100 });
    await expect.poll(() => page.getByText('No rules yet').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Rule id').fill('level_high');
    await form.getByLabel('Name', { exact: true }).fill('Tank level high');
    await form.getByLabel('Severity').selectOption('critical');
    await form.getByLabel('Device').selectOption('tank');
    await form.getByLabel('Resource').fill('level');
    await form.getByLabel('Sample every (s)').fill('1');
    await form.getByLabel('Threshold').fill('fifty');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => form.getByText('A number.').count(), { timeout: 10_000 }).toBe(1);
    await form.getByLabel('Threshold').fill('50');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toContain('Saved rule');
    const rules = page.locator('.alarm-rules');
    await expect.poll(() => rules.getByText('tank · level').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByText('No alarms').count(), { timeout: 10_000 }).toBe(1);

    // The level crosses the threshold on the device: the alarm appears without a reload.
    tank.setInput('level', 85);
    const row = page.getByRole('row', { name: 'Tank level high tank' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('85');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('active');
    await session.screenshot(page, 'alarms-active-light');

    await row.getByRole('button', { name: 'Acknowledge Tank level high tank' }).click();
    await expect
      .poll(() => row.textContent(), { timeout: 10_000 })
      .toContain('acknowledged by console');

    tank.setInput('level', 10);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    const events = page.getByRole('list', { name: 'Recent events' });
    await expect
      .poll(async () => (await events.getByRole('listitem').allTextContents()).join('\n'), {
        timeout: 10_000,
      })
      .toMatch(/cleared[\s\S]*back to normal[\s\S]*acknowledged[\s\S]*raised/);
    expect(problems).toEqual([]);

    const dark = await session.open('alarms', { theme: 'dark', height: 1100 });
    tank.setInput('level', 90);
    await expect
      .poll(() => dark.page.getByRole('row', { name: 'Tank level high tank' }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await dark.page.getByRole('button', { name: 'New rule' }).click();
    await dark.page.getByLabel('Watch').selectOption('connection');
    await session.screenshot(dark.page, 'alarms-dark');
    expect(dark.problems).toEqual([]);
  }, 90_000);
});

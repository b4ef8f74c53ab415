/**
 * The device tree at site scale (issue 16): the latest value of each output inline in the tree
 * (no stream opened for it), tags assigned on the device page and kept by main, and the tree
 * filtered by a tag, with a link that inspects the tagged devices' frames. Two simulated devices
 * of the demo preset. Screenshot: devices-tree-values-light, devices-tags-light.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../src-main/simulator/presets';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
const [thermostat, relays] = preset('demo').profiles;

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/thermo', '--add-device', 'site/relays']);
  for (const [device, profile] of [
    ['thermo', thermostat!],
    ['relays', relays!],
  ] as const) {
    const d = session.device({
      user: 'site',
      device,
      credential: session.credentialOf(`site/${device}`),
      profile,
    });
    d.start();
    await d.waitForState('online', AbortSignal.timeout(10_000));
  }
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('the device tree at site scale', () => {
  it('shows outputs’ latest values inline and filters by tags set on the device page', async () => {
    const { page, problems } = await session.open('devices', { theme: 'light' });
    const thermo = page.getByRole('treeitem', { name: /^thermo, online/ });
    await expect.poll(() => thermo.count(), { timeout: 10_000 }).toBe(1);
    await thermo.locator('.tree-twisty').click();
    // Outputs carry their value in the row (and in its accessible name); inputs and runs do not.
    const temperature = page.getByRole('treeitem', {
      name: /^temperature, Out, value celsius \d/,
    });
    await expect.poll(() => temperature.count(), { timeout: 10_000 }).toBe(1);
    expect(await temperature.locator('.tree-value').innerText()).toMatch(/^celsius \d+(\.\d)?$/);
    await expect
      .poll(() => page.getByRole('treeitem', { name: /^humidity, Out, value \d/ }).count())
      .toBe(1);
    expect(await page.getByRole('treeitem', { name: /^reset, Run$/ }).count()).toBe(1);
    expect(await page.getByText('No stream of this device was open.').count()).toBe(0);
    await session.screenshot(page, 'devices-tree-values-light');

    // Tags on the device page: typed, Enter adds, saved in main.
    await thermo.click();
    const tags = page.getByRole('group', { name: 'Tags' });
    for (const tag of ['boiler room', 'hvac']) {
      await tags.getByLabel('Add tag').fill(tag);
      await tags.getByLabel('Add tag').press('Enter');
      await expect.poll(() => tags.getByText(tag, { exact: true }).count()).toBe(1);
    }
    await page.getByRole('treeitem', { name: /^relays, online/ }).click();
    await tags.getByLabel('Add tag').fill('hvac');
    await tags.getByLabel('Add tag').press('Enter');
    await expect.poll(() => tags.getByText('hvac', { exact: true }).count()).toBe(1);

    // The tree offers the tags in use; one picked keeps its devices.
    const chips = page.getByRole('group', { name: 'Show devices tagged' });
    await chips.getByRole('button', { name: /^boiler room/ }).click();
    await expect.poll(() => page.getByRole('treeitem', { name: /^relays/ }).count()).toBe(0);
    expect(await page.getByRole('treeitem', { name: /^thermo/ }).count()).toBe(1);
    await chips.getByRole('button', { name: /^hvac 2/ }).click();
    await expect.poll(() => page.getByRole('treeitem', { name: /^relays/ }).count()).toBe(1);
    expect(await page.getByText('2 devices tagged hvac').count()).toBe(1);
    await session.screenshot(page, 'devices-tags-light');

    // Main kept them: a new window shows the same tags.
    const other = await session.open('devices/site/thermo', { theme: 'dark' });
    const otherTags = other.page.getByRole('group', { name: 'Tags' });
    await expect.poll(() => otherTags.getByText('boiler room', { exact: true }).count()).toBe(1);
    await other.page.close();

    await page.getByRole('link', { name: 'Inspect their frames' }).click();
    await expect
      .poll(() => page.url())
      .toMatch(/#\/inspector\?device=site\/(thermo|relays)&device=/);
    expect(problems).toEqual([]);
  }, 90_000);
});

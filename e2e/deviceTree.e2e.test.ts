/**
 * The device tree at site scale (issue 16): the latest value of each output inline in the tree
 * (no stream opened for it), tags assigned on the device page and kept by main, and the tree
 * filtered by a tag, with a link that inspects the tagged devices' frames. Two simulated devices
 * of the demo preset, and nine registered ones that have not connected. Then the tree grouped by
 * tag with a multi-selection and its bulk actions (tag, delete). Screenshots:
 * devices-tree-values-light, devices-tags-light, devices-selection-light/-dark,
 * devices-palette-light (1280×720).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../src-main/simulator/presets';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
/**
 * Run in the page (e2e code has no DOM types, so as text): the width a select has left beside its
 * chosen option's text, padding excluded.
 */
const ROOM_LEFT_IN_SELECT = `(select) => {
  const style = getComputedStyle(select);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const text = ctx.measureText(select.selectedOptions[0]?.text ?? '').width;
  return select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - text;
}`;
/** Registered, never connected: pump-1 … pump-8 (natural order, not pump-1, pump-10 …). */
const PUMPS = Array.from({ length: 8 }, (_, i) => `pump-${i + 1}`);
const [thermostat, relays] = preset('demo').profiles;

beforeAll(async () => {
  session = await startConsole([
    '--add-device',
    'site/thermo',
    '--add-device',
    'site/relays',
    ...PUMPS.flatMap((p) => ['--add-device', `site/${p}`]),
    '--add-device',
    'site/spare',
  ]);
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

  it('groups by tag, ticks a range and tags it, and deletes after a confirmation', async () => {
    const { page, problems } = await session.open('devices', { theme: 'light', height: 720 });
    const row = (name: string) => page.getByRole('treeitem', { name: new RegExp(`^${name},`) });
    const tickBox = (name: string) => row(name).first().locator('.tree-check');
    await expect.poll(() => row('pump-8').count(), { timeout: 10_000 }).toBe(1);

    // A box ticks without opening; Shift+click ticks the range in the tree's order.
    await tickBox('pump-1').click();
    await tickBox('pump-4').click({ modifiers: ['Shift'] });
    const bar = page.getByRole('toolbar', { name: 'Selected devices' });
    await expect.poll(() => bar.getByText('4 selected').count()).toBe(1);
    expect(page.url()).toMatch(/#\/devices$/);

    // Tag the four: room-1; then pump-5 … pump-8: room-2.
    const tagSelection = async (tag: string, n: number): Promise<void> => {
      await bar.getByRole('button', { name: 'Tag…' }).click();
      await bar.getByRole('combobox', { name: 'Tag' }).fill(tag);
      await bar.getByRole('button', { name: `Add to ${n} devices` }).click();
      await expect.poll(() => page.getByText(`Tag ${tag} added to ${n} devices.`).count()).toBe(1);
    };
    await tagSelection('room-1', 4);
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    await tickBox('pump-5').click();
    await tickBox('pump-8').click({ modifiers: ['Shift'] });
    await tagSelection('room-2', 4);

    // Grouped by tag: each group with its counts; the devices without one last.
    await page.getByRole('combobox', { name: 'Group devices' }).selectOption('tag');
    await expect
      .poll(() => page.getByRole('treeitem', { name: 'room-1, 4 devices, 0 online' }).count())
      .toBe(1);
    // The last group holds the devices without a tag (spare, never tagged).
    const groups = page.locator('.tree-group');
    expect(await groups.last().getAttribute('aria-label')).toMatch(/^Untagged, /);
    // Collapse room-1; keep the room-2 selection with one device unticked (a mixed group).
    await page
      .getByRole('treeitem', { name: /^room-1,/ })
      .locator('.tree-twisty')
      .click();
    await tickBox('pump-6').click();
    await expect.poll(() => bar.getByText('3 selected').count()).toBe(1);
    expect(
      await page.getByRole('treeitem', { name: /^room-2,/ }).getAttribute('aria-checked'),
    ).toBe('mixed');
    await bar.getByRole('button', { name: 'Tag…' }).click();
    await session.screenshot(page, 'devices-selection-light');

    // The palette lists the tree's actions.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog');
    await expect.poll(() => palette.getByText('Delete the selected devices…').count()).toBe(1);
    await session.screenshot(page, 'devices-palette-light');
    await palette.locator('input').fill('selec');
    await expect.poll(() => palette.getByText('Clear the device selection').count()).toBe(1);
    await page.keyboard.press('Escape');

    // Delete the three after typing their count; they leave the tree and the selection.
    await bar.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 devices?' });
    await dialog.getByRole('textbox').fill('3');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row('pump-7').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByRole('toolbar', { name: 'Selected devices' }).count()).toBe(0);
    expect(await page.getByRole('treeitem', { name: 'room-2, 1 device, 0 online' }).count()).toBe(
      1,
    );

    const dark = await session.open('devices', { theme: 'dark', height: 720 });
    const darkRow = (name: string) =>
      dark.page.getByRole('treeitem', { name: new RegExp(`^${name},`) });
    await expect.poll(() => darkRow('pump-1').count(), { timeout: 10_000 }).toBe(1);
    await dark.page.getByRole('combobox', { name: 'Group devices' }).selectOption('tag');
    await darkRow('pump-1').locator('.tree-check').click();
    await darkRow('pump-3')
      .locator('.tree-check')
      .click({ modifiers: ['Shift'] });
    await session.screenshot(dark.page, 'devices-selection-dark');
    expect(dark.problems).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  // Issue 16: at 1280×720 the block above the tree took three lines (the filter, the chips, then
  // Sort and Group indented on a line of their own). Now two lines with the same edges.
  it.each([
    [1280, 720],
    [1440, 900],
  ])(
    'fits the filter block in two aligned lines at %i×%i',
    async (width, height) => {
      const { page, problems } = await session.open('devices', { theme: 'light', width, height });
      const box = async (name: string, role: 'searchbox' | 'group' | 'combobox') => {
        const b = await page.getByRole(role, { name, exact: true }).boundingBox();
        if (!b) throw new Error(`${name} is not on screen`);
        return b;
      };
      await expect
        .poll(() => page.getByRole('treeitem').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      const filter = await box('Filter devices', 'searchbox');
      const chips = await box('Show devices', 'group');
      const sort = await box('Sort', 'combobox');
      const group = await box('Group devices', 'combobox');
      const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
      await session.screenshot(page, `devices-treefilter-${width}-light`);
      // Line 1: the filter with the chips beside it; line 2: Sort and Group.
      expect(Math.abs(middle(chips) - middle(filter))).toBeLessThanOrEqual(2);
      expect(chips.x).toBeGreaterThanOrEqual(filter.x + filter.width);
      expect(filter.width).toBeGreaterThanOrEqual(120);
      expect(Math.abs(middle(group) - middle(sort))).toBeLessThanOrEqual(2);
      expect(sort.y).toBeGreaterThanOrEqual(
        Math.max(filter.y + filter.height, chips.y + chips.height),
      );
      expect(group.x).toBeGreaterThanOrEqual(sort.x + sort.width);
      // Aligned, not indented: both lines start at the same left edge and end at the same right one.
      expect(Math.abs(sort.x - filter.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(group.x + group.width - (chips.x + chips.width))).toBeLessThanOrEqual(1);
      // The selects keep room for their text (arrow and padding included).
      for (const name of ['Sort', 'Group devices']) {
        const room = await page.evaluate(
          `(${ROOM_LEFT_IN_SELECT})(document.querySelector('select[aria-label="${name}"]'))`,
        );
        expect(room, name).toBeGreaterThanOrEqual(20);
      }
      expect(problems).toEqual([]);
    },
    60_000,
  );
});

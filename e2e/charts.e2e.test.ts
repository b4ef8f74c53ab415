/**
 * Live charts end to end (issue 7 "a chart receives points", UI.md §3.3, §6 `chart-live`): headless
 * mode as a process, a simulated device pushing a map of numbers ten times a second, and Chromium
 * on `#/devices/site/thermo/charts?resource=climate&interval=0`. Counts points through
 * `data-sample-count`, pauses and resumes, exports CSV, and stops everything with All streams off.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DeviceProfileInput } from '../src-main/simulator/config';
import { startConsole, type ConsoleSession } from './support/consoleSession';

const PROFILE: DeviceProfileInput = {
  name: 'thermo',
  resources: {
    climate: {
      kind: 'sensor',
      value: { celsius: 21.5, humidity: 45, pressure: 1013 },
      noise: { celsius: 0.2, humidity: 1, pressure: 0.4 },
      walk: true,
      decimals: 2,
      push: { everyMs: 100 },
    },
    door: {
      kind: 'event',
      everyMs: 1_000,
      values: [{ state: 'closed' }, { state: 'open' }],
    },
    heating: { kind: 'switch' },
  },
};

let session: ConsoleSession;

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/thermo']);
  const device = session.device({
    user: 'site',
    device: 'thermo',
    credential: session.credentialOf('site/thermo'),
    profile: PROFILE,
  });
  device.start();
  await device.waitForState('online', AbortSignal.timeout(10_000));
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

const ROUTE = 'devices/site/thermo/charts?resource=climate&interval=0';
const sampleCount = async (page: Page): Promise<number> =>
  Number(await page.getByTestId('chart-thermo-climate').getAttribute('data-sample-count'));

/** The parts of a canvas the check below reads (this file is type-checked without the DOM). */
interface CanvasLike {
  width: number;
  height: number;
  clientWidth: number;
  ownerDocument: { createElement(tag: 'canvas'): CanvasLike };
  getContext(kind: '2d'): {
    drawImage(image: CanvasLike, x: number, y: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}

/**
 * In the page: how many pixels of a value axis' room (56 px wide, at the left or at the right
 * before the 28 px margin) differ clearly from the chart's background. The chart's canvas is
 * painted by the plot worker, so its picture is read through a copy on a canvas of the page.
 */
function inkedPixels(element: unknown, side: 'left' | 'right'): number {
  const shown = element as CanvasLike;
  const c = shown.ownerDocument.createElement('canvas');
  c.width = shown.width;
  c.height = shown.height;
  const ctx = c.getContext('2d');
  if (!ctx) return 0;
  ctx.drawImage(shown, 0, 0);
  const ratio = shown.width / shown.clientWidth;
  const w = Math.round(56 * ratio);
  const x = side === 'left' ? 0 : c.width - Math.round((56 + 28) * ratio);
  const { data } = ctx.getImageData(x, 0, w, Math.round(200 * ratio));
  const bg = ctx.getImageData(Math.round(c.width / 2), 1, 1, 1).data;
  let n = 0;
  for (let i = 0; i + 1 < data.length; i += 4)
    if (
      Math.abs(Number(data[i]) - Number(bg[0])) + Math.abs(Number(data[i + 1]) - Number(bg[1])) >
      60
    )
      n++;
  return n;
}

describe('live charts in Chromium', () => {
  it('a chart receives points, pauses while buffering, exports CSV and stops with All streams off', async () => {
    const { page, problems } = await session.open(ROUTE, { theme: 'light', height: 1000 });
    const chart = page.getByTestId('chart-thermo-climate');
    await expect.poll(() => sampleCount(page), { timeout: 10_000 }).toBeGreaterThan(20);
    // Three series; pressure (≈1013) is far larger than the others and gets its own axis.
    for (const field of ['celsius', 'humidity', 'pressure'])
      expect(await chart.getByRole('checkbox', { name: field }).isChecked()).toBe(true);
    await expect
      .poll(
        async () =>
          (await chart.locator('.chart-plot').getAttribute('data-value-axes'))?.split(', ').length,
      )
      .toBe(2);
    // Both value axes are painted on the chart's canvas: their labels' pixels differ from the
    // background in the 56 px at the left and at the right of the plot.
    const inked = (side: 'left' | 'right'): Promise<number> =>
      chart.locator('canvas.chart-canvas').evaluate(inkedPixels, side);
    expect(await inked('left')).toBeGreaterThan(50);
    expect(await inked('right')).toBeGreaterThan(50);
    // Painted off the page's thread, by the plot worker (issue 16: 21 live charts at ≥ 50 fps).
    expect(await chart.locator('.chart-plot').getAttribute('data-painter')).toBe('worker');
    // The lines are painted on the canvas layer; the plot says how many series it drew.
    await expect
      .poll(() => chart.locator('.chart-plot').getAttribute('data-series-count'))
      .toBe('3');
    // Live, the chart redraws with the clock, not only when a sample arrives (issue 16).
    const draws = async (): Promise<number> =>
      Number(await chart.locator('.chart-plot').getAttribute('data-draw-count'));
    const drawn = await draws();
    await page.waitForTimeout(1_000);
    expect((await draws()) - drawn).toBeGreaterThan(15);
    await expect
      .poll(() => chart.textContent())
      .toMatch(/\d+(\.\d+)?\/s \(requested: every change\)/);
    expect(await page.getByRole('contentinfo').textContent()).toContain('1 live stream');

    // Pause: the drawing freezes, the buffer keeps filling and says how much came since.
    await chart.getByRole('button', { name: /Pause/ }).click();
    await expect
      .poll(() => chart.textContent(), { timeout: 5_000 })
      .toMatch(/Paused · [1-9][\d ]* new samples/);
    const paused = await sampleCount(page);
    await expect.poll(() => sampleCount(page), { timeout: 5_000 }).toBeGreaterThan(paused + 5);
    await chart.getByRole('button', { name: /Resume/ }).click();
    await expect.poll(() => chart.textContent()).not.toContain('Paused ·');
    // Space on the focused chart pauses and resumes it too.
    await chart.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => chart.textContent()).toContain('Paused ·');
    await page.keyboard.press('Space');
    await expect.poll(() => chart.textContent()).not.toContain('Paused ·');

    // Export: a download named <device>_<resource>_<YYYYMMDD-HHmmss>.csv with every field.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^thermo_climate_\d{8}-\d{6}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('time,epoch_ms,celsius,humidity,pressure');
    expect(csv.length).toBeGreaterThan(20);
    expect(csv[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,\d{13},[\d.]+,[\d.]+,[\d.]+$/);

    // Other views: the chart keeps buffering while away, and is there on the way back.
    const before = await sampleCount(page);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Inspector' })
      .click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inspector');
    await page.waitForTimeout(1_500);
    await page.goBack();
    await expect.poll(() => sampleCount(page), { timeout: 5_000 }).toBeGreaterThan(before + 10);
    expect(await page.getByRole('contentinfo').textContent()).toContain('1 live stream');

    // The last 10 s, so the screenshot shows a chart full of line (UI.md §6 `chart-live`).
    await chart.getByLabel('Window').selectOption({ label: 'Last 10 s' });
    await page.waitForTimeout(3_000);
    await session.screenshot(page, 'chart-live-light');

    // All streams off, from the status bar: it says how many it stopped; the chart keeps its samples.
    await page.getByRole('contentinfo').getByRole('button', { name: 'All streams off' }).click();
    await expect
      .poll(() => page.getByRole('contentinfo').textContent())
      .toContain('Stopped 1 stream.');
    await expect.poll(() => chart.textContent()).toContain('This stream was stopped');
    const stopped = await sampleCount(page);
    await page.waitForTimeout(1_000);
    expect(await sampleCount(page)).toBe(stopped);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('the dark theme, and Mod+Shift+X stops the streams from the keyboard', async () => {
    const { page, problems } = await session.open(ROUTE, { theme: 'dark', height: 1000 });
    const chart = page.getByTestId('chart-thermo-climate');
    await chart.getByLabel('Window').selectOption({ label: 'Last 10 s' });
    await expect.poll(() => sampleCount(page), { timeout: 10_000 }).toBeGreaterThan(60);
    // Hovering shows the sample under the pointer with its time to the millisecond.
    const plot = (await chart.locator('.chart-plot').boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.6, plot.y + plot.height / 2);
    await expect
      .poll(() => chart.locator('.chart-tooltip').textContent())
      .toMatch(/^\d\d:\d\d:\d\d\.\d{3}celsius/);
    await session.screenshot(page, 'chart-live-dark');
    await page.keyboard.press('Control+Shift+X');
    await expect.poll(() => chart.textContent()).toContain('This stream was stopped');
    expect(await page.getByRole('contentinfo').textContent()).not.toContain('live stream');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a resource without numbers says there is nothing to plot', async () => {
    const { page } = await session.open('devices/site/thermo/charts?resource=door&interval=0');
    const chart = page.getByTestId('chart-thermo-door');
    await expect
      .poll(() => chart.textContent(), { timeout: 10_000 })
      .toContain('Nothing to plot: this resource has no numbers.');
    await page.close();
  }, 30_000);

  it('a stream the device refuses says why, with Retry, instead of waiting', async () => {
    const { page } = await session.open('devices/site/thermo/charts?resource=no-such&interval=5');
    const alert = page.getByTestId('chart-thermo-no-such').getByRole('alert');
    await expect
      .poll(() => alert.textContent(), { timeout: 10_000 })
      .toContain('Could not start the stream: the device refused the stream.');
    await expect.poll(() => alert.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    // The refused stream is over: the status bar no longer counts it as live.
    await expect
      .poll(() => page.getByRole('contentinfo').textContent())
      .not.toContain('live stream');
    await session.screenshot(page, 'chart-refused');
    await page.close();
  }, 30_000);
});

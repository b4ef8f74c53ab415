/**
 * Boards, Flash and the serial monitor in the web console, against headless mode and an emulated
 * Uno running the real Optiboot on a pty (../shared/tools/virtual-board): the technician adds the
 * pty by path, chooses Uno, flashes hello.hex through the three steps, sees "Verified", and opens
 * the serial monitor to read the firmware's banner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  vboardMissing,
  type VirtualBoard,
} from '../src-main/flash/testing/vboard';
import { startConsole, type ConsoleSession } from './support/consoleSession';

/** Optiboot waits ~1 s before the application prints; generous for a loaded machine. */
const BANNER_MS = 15_000;
const FLASH_MS = 45_000;

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

// Skipped only where the virtual board's Debian packages are absent (vboardMissing names them).
describe.skipIf(vboardMissing())('Boards, Flash and Serial monitor (virtual Uno)', () => {
  let session: ConsoleSession;
  let board: VirtualBoard;
  /** The technician's tab, kept from the flash to the monitor. */
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    board = await startBoard('uno', { spmUs: 0 });
    session = await startConsole();
  }, 90_000);

  afterAll(async () => {
    await session?.stop();
    await stopBoards(board);
  });

  it('adds the pty by path, chooses Uno (remembered), flashes hello.hex in three steps and verifies it', async () => {
    ({ page, problems } = await session.open('boards', { theme: 'light' }));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Boards & Flash');
    await expect.poll(() => page.getByText(/^Ports on /).count()).toBe(1);

    await page.getByRole('button', { name: 'Add port by path…' }).click();
    await page.getByLabel('Port path').fill(board.port);
    await page.getByRole('button', { name: 'Add port', exact: true }).click();
    const row = page.getByRole('listitem', {
      name: `Port added by path: choose the board on ${board.port}`,
    });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);

    await page.getByLabel(`Board on ${board.port}`, { exact: true }).selectOption('uno');
    const chosen = page.getByRole('listitem', { name: `Arduino Uno on ${board.port}` });
    await expect.poll(() => chosen.getByText('remembered').count()).toBe(1);
    expect(await chosen.innerText()).toContain('free');
    // The machine's own ports (/dev/ttyS0…) are listed too.
    await expect
      .poll(() => page.getByTestId('status-boards').textContent())
      .toMatch(/\d+ boards?$/);
    await page.waitForTimeout(1_200); // the plugged highlight has faded
    await session.screenshot(page, 'boards-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'boards-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Step 1: firmware.
    await page.getByRole('button', { name: `Flash the board on ${board.port}` }).click();
    await expect.poll(() => page.url()).toContain('#/flash');
    await page.getByLabel(/^Firmware file/).setInputFiles(firmwarePath('uno', 'hello'));
    await expect.poll(() => page.getByText('Valid Intel HEX').count(), { timeout: 10_000 }).toBe(1);
    expect(await text(page, '.firmware-valid')).toContain('hello.hex · 284 bytes');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Step 2: boards, with the fit.
    const pick = page.getByRole('checkbox', { name: `Flash Arduino Uno on ${board.port}` });
    expect(await pick.isChecked()).toBe(true);
    expect(await text(page, '.target-selected')).toContain('284 of 32 256 bytes');
    expect(await page.getByRole('checkbox', { name: /Verify after writing/ }).isChecked()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Next: flash 1 board' }).click();

    // Step 3: flash, with a progress bar per board named after it.
    await page.getByRole('button', { name: 'Flash 1 board' }).click();
    const bar = page.getByRole('progressbar', { name: `Flashing Arduino Uno on ${board.port}` });
    await expect.poll(() => bar.count()).toBe(1);
    await expect
      .poll(() => page.locator('.result-ok').count(), { timeout: FLASH_MS, interval: 250 })
      .toBe(1);
    expect(await text(page, '.result-ok')).toMatch(/^Verified · 284 bytes in \d+\.\d s$/);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByRole('status').filter({ hasText: '1 verified' }).count()).toBe(1);
    await session.screenshot(page, 'flash-results-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'flash-results-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems).toEqual([]);
  }, 120_000);

  it('the serial monitor shows the banner version=1.0.0, in both themes', async () => {
    await page.getByRole('button', { name: `Open serial monitor on ${board.port}` }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Serial monitor');
    await page.getByLabel('Baud').selectOption('115200');
    const log = page.getByRole('log', { name: `Output of ${board.port}` });
    await expect
      .poll(() => log.innerText(), { timeout: BANNER_MS, interval: 250 })
      .toContain('BANNER fw=hello version=1.0.0 mcu=atmega328p');
    await expect
      .poll(() => page.getByText('Connected · 115200 8N1').count(), { timeout: 5_000 })
      .toBe(1);
    expect(await page.getByRole('tab', { name: board.port }).getAttribute('aria-selected')).toBe(
      'true',
    );

    // A line sent comes back (hello.hex echoes every byte).
    const send = page.getByLabel(`Send to ${board.port}`);
    await send.fill('ping');
    await send.press('Enter');
    await expect.poll(() => log.innerText(), { timeout: 5_000 }).toMatch(/^ping$/m);
    await session.screenshot(page, 'serial-banner-light');

    // Another window reads the same monitor's buffer: the banner is there too.
    const dark = await session.open(`serial/${encodeURIComponent(board.port)}`, { theme: 'dark' });
    const darkLog = dark.page.getByRole('log', { name: `Output of ${board.port}` });
    await expect.poll(() => darkLog.innerText(), { timeout: BANNER_MS }).toContain('version=1.0.0');
    await session.screenshot(dark.page, 'serial-banner-dark');
    // Each window keeps its own display settings: hex with timestamps here only.
    await dark.page.getByRole('button', { name: 'Hex' }).click();
    await dark.page.getByLabel('Timestamps').check();
    await expect.poll(() => darkLog.innerText()).toMatch(/42 41 4e 4e 45 52/);
    await session.screenshot(dark.page, 'serial-hex-dark');
    expect(await page.getByRole('button', { name: 'Text' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect([...problems, ...dark.problems]).toEqual([]);
    await dark.page.close();
    await page.close();
  }, 60_000);
});

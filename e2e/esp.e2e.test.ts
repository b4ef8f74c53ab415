/**
 * An ESP32 through Boards & Flash in the web console: a virtual ESP32 (ROM loader on a pty) added
 * by path; Read chip shows its chip, MAC, flash size and crystal and names the board; an Arduino
 * export (bootloader, partition table, app) shows its flash layout, goes onto the board as a job
 * with progress, verified by MD5; the same files for an ESP8266 are refused before any write.
 * Screens of the board, the layout, the progress and the result.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEsp, stopEsps, vespFixture, type VirtualEsp } from '../src-main/flash/testing/vesp';
import { startConsole, type ConsoleSession } from './support/consoleSession';
import { addEspByPath, settled } from './support/flashUi';

const FLASH_MS = 90_000;
const file = (name: string, fixture: string) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: readFileSync(vespFixture('esp32', fixture)),
});

describe('an ESP32 in Boards & Flash (virtual ESP32)', () => {
  let session: ConsoleSession;
  let board: VirtualEsp;

  beforeAll(async () => {
    [board, session] = await Promise.all([
      startEsp('esp32', { flashTimeScale: 0.2 }),
      startConsole(),
    ]);
  }, 90_000);

  afterAll(async () => {
    await session?.stop();
    if (board) await stopEsps(board);
  });

  it('reads the chip, shows the layout, flashes an Arduino export verified, refuses another chip', async () => {
    const { page, problems } = await session.open('boards', { theme: 'light' });
    const row = await addEspByPath(page, board.port, 'ESP32');
    const facts = await row.locator('.port-meta').textContent();
    expect(facts).toContain(`MAC${board.mac}`);
    expect(facts).toContain('Flash4 MB');
    expect(facts).toContain('Crystal40 MHz');
    expect(await page.getByLabel(`Board on ${board.port}`, { exact: true }).inputValue()).toBe(
      'esp32',
    );
    await session.screenshot(page, 'esp-boards-light');

    await row.getByRole('button', { name: `Flash the board on ${board.port}` }).click();
    await page
      .getByLabel(/^Firmware file/)
      .setInputFiles([
        file('hello.ino.bootloader.bin', 'bootloader.bin'),
        file('hello.ino.partitions.bin', 'partitions.bin'),
        file('hello.ino.bin', 'hello-v2.bin'),
      ]);
    await expect
      .poll(() => page.locator('.firmware-target').textContent(), { timeout: 15_000 })
      .toBe('Built for ESP32, as its image header says.');
    const layout = page.getByRole('region', { name: 'Flash layout' });
    expect(await layout.getByLabel('Flash offset of hello.ino.bootloader.bin').inputValue()).toBe(
      '0x1000',
    );
    expect(await layout.getByLabel('Flash offset of hello.ino.partitions.bin').inputValue()).toBe(
      '0x8000',
    );
    expect(await layout.getByLabel('Flash offset of hello.ino.bin').inputValue()).toBe('0x10000');
    await session.screenshot(page, 'esp-firmware-light');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // The same build on a board set as ESP8266 is refused before anything is written.
    await page.getByLabel(`Board type on ${board.port}`).selectOption('esp8266');
    await expect.poll(() => page.getByText('Wrong firmware: built for ESP32').count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Next: flash/ }).isDisabled()).toBe(true);
    await page.getByLabel(`Board type on ${board.port}`).selectOption('esp32');
    const pick = page.getByRole('checkbox', { name: `Flash ESP32 on ${board.port}` });
    if (!(await pick.isChecked())) await pick.check();
    await page.getByRole('button', { name: 'Next: flash 1 board' }).click();
    await page.keyboard.press('Control+Enter');

    const bar = page.getByRole('progressbar', { name: `Flashing ESP32 on ${board.port}` });
    await expect.poll(() => bar.count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => bar.getAttribute('aria-valuetext'), { timeout: 30_000, interval: 50 })
      .toMatch(/^(Writing|Verifying|Done) · \d+ %$/);
    await session.screenshot(page, 'esp-progress-light');
    await expect
      .poll(() => page.locator('.result-ok').textContent(), { timeout: FLASH_MS, interval: 250 })
      .toMatch(new RegExp(`^Verified · 33 824 bytes in \\d+\\.\\d s · ESP32, MAC ${board.mac}$`));
    // The bar eases to its width in 0.1 s: the screenshot shows it once it is full.
    await settled(bar);
    await session.screenshot(page, 'esp-result-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'esp-result-dark');
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});

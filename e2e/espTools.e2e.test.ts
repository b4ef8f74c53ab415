/**
 * The ESP flash tools through Boards & Flash in the web console, on a virtual ESP8266 with a 1 MB
 * flash (the smallest the emulator has: a full read is ~12 s at 921 600 baud) holding the hello
 * app at 0x0: Back up flash… (progress, result, the backup listed for this board), Erase… the
 * whole flash (confirm names the board; the flash reads 0xFF), Restore… that backup (verified by
 * MD5; the flash is the app again), and the app boots: its banner in the serial monitor.
 * Screens of the dialogs and results in both themes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dumpFlash,
  startEsp,
  stopEsps,
  vespFixture,
  type VirtualEsp,
} from '../src-main/flash/testing/vesp';
import { startConsole, type ConsoleSession } from './support/consoleSession';
import { addEspByPath, navItemShape, settled } from './support/flashUi';

const JOB_MS = 120_000;
const HELLO = new Uint8Array(readFileSync(vespFixture('esp8266', 'hello.bin')));

describe('ESP flash tools in Boards & Flash (virtual ESP8266, 1 MB)', () => {
  let session: ConsoleSession;
  let board: VirtualEsp;

  beforeAll(async () => {
    [board, session] = await Promise.all([
      startEsp('esp8266', {
        flashSize: '1MB',
        flashTimeScale: 0,
        preload: { 0: vespFixture('esp8266', 'hello.bin') },
      }),
      startConsole(),
    ]);
  }, 90_000);

  afterAll(async () => {
    await session?.stop();
    if (board) await stopEsps(board);
  });

  it('backs up, erases, restores verified, and the app boots again', async () => {
    const { page, problems } = await session.open('boards', { theme: 'light' });
    const row = await addEspByPath(page, board.port, 'ESP8266');
    const boardOn = `ESP8266 on ${board.port}`;
    const dialog = page.getByRole('dialog');
    const result = dialog.locator('.result-ok');
    const close = async () => {
      await dialog.getByRole('button', { name: 'Done', exact: true }).click();
      await expect.poll(() => dialog.count()).toBe(0);
    };

    // Back up.
    await row
      .getByRole('button', { name: `Back up the flash of the board on ${board.port}` })
      .click();
    await expect.poll(() => dialog.getByText('No backups of this board yet.').count()).toBe(1);
    expect(await dialog.innerText()).toContain(`ESP8266 · MAC ${board.mac} · 1 MB flash`);
    await session.screenshot(page, 'esp-tools-backup-light');
    await dialog.getByRole('button', { name: 'Back up', exact: true }).click();
    const bar = dialog.getByRole('progressbar', { name: `Backing up ${boardOn}` });
    await expect.poll(() => bar.count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), {
        timeout: 60_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(10);
    // While it runs the nav item shows the job's percent: its label stays on one line, whole.
    const nav = page.locator('.nav-item', { hasText: 'Boards & Flash' });
    await expect.poll(() => nav.locator('.nav-badge').textContent()).toMatch(/^\d+ %$/);
    expect(await navItemShape(nav)).toEqual({ oneLine: true, whole: true, sameHeight: true });
    await session.screenshot(page, 'esp-tools-progress-light');
    await expect.poll(() => result.count(), { timeout: JOB_MS, interval: 250 }).toBe(1);
    expect(await result.textContent()).toMatch(
      new RegExp(`^Backed up · 1 048 576 bytes in \\d+\\.\\d s · ESP8266, MAC ${board.mac}$`),
    );
    expect(await dialog.innerText()).toMatch(
      /Backup saved: .*esp-backups\/esp8266_840d8ea1b2c3_.*_backup\.bin/,
    );
    await settled(bar);
    await session.screenshot(page, 'esp-tools-backed-up-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'esp-tools-backed-up-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await close();

    // Erase the whole flash.
    await row
      .getByRole('button', { name: `Erase the flash of the board on ${board.port}` })
      .click();
    await dialog.getByRole('button', { name: 'Next', exact: true }).click();
    expect(await dialog.getByRole('alert').innerText()).toContain(
      `Erase the whole flash of ${boardOn}?`,
    );
    await session.screenshot(page, 'esp-tools-erase-confirm-light');
    await dialog.getByRole('button', { name: `Erase ${boardOn}` }).click();
    await expect.poll(() => result.count(), { timeout: JOB_MS, interval: 250 }).toBe(1);
    expect(await result.textContent()).toMatch(/^Erased the whole flash in \d+\.\d s · ESP8266/);
    expect((await dumpFlash(board, 0, 0x10000)).every((b) => b === 0xff)).toBe(true);
    await close();

    // Restore the backup.
    await row
      .getByRole('button', { name: `Restore a backup onto the board on ${board.port}` })
      .click();
    const mine = dialog.getByRole('table', { name: 'Backups of this board' });
    await expect.poll(() => mine.count(), { timeout: 10_000 }).toBe(1);
    await mine.getByRole('radio', { name: new RegExp(`^Backup of ${board.mac} taken `) }).check();
    await session.screenshot(page, 'esp-tools-restore-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'esp-tools-restore-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Next', exact: true }).click();
    expect(await dialog.getByRole('alert').innerText()).toMatch(
      new RegExp(
        `^Restore the backup taken .* onto ${boardOn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\?`,
      ),
    );
    await dialog.getByRole('button', { name: `Restore onto ${boardOn}` }).click();
    await expect.poll(() => result.count(), { timeout: JOB_MS, interval: 250 }).toBe(1);
    expect(await result.textContent()).toMatch(
      /^Restored and verified · 1 048 576 bytes in \d+\.\d s · ESP8266/,
    );
    expect(await dumpFlash(board, 0, HELLO.length)).toEqual(HELLO);
    await settled(dialog.getByRole('progressbar', { name: `Restoring ${boardOn}` }));
    await session.screenshot(page, 'esp-tools-restored-light');
    await close();

    // The app boots again: its banner in the serial monitor.
    await row.getByRole('button', { name: `Open monitor on ${board.port}` }).click();
    const log = page.getByRole('log', { name: `Output of ${board.port}` });
    await expect
      .poll(() => log.innerText(), { timeout: 20_000, interval: 250 })
      .toMatch(/fw=hello version=1\.0\.0 chip=esp8266/);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});

/**
 * A batch flash in the web console with one board on the wrong type: an emulated Uno and an
 * emulated Mega 2560 (real Optiboot and stk500v2 bootloaders on ptys), both added by path and both
 * set to "Arduino Uno". The Uno's big.hex goes onto the Uno, verified; the Mega is refused naming
 * its chip. The file was built for the Uno's chip, so the one-click fix does not write it to the
 * Mega: "Switch to Mega 2560 and choose its firmware" asks for the Mega's file; the Mega file is
 * refused for the Uno before anything is written, and flashes the Mega, verified. Screens of each
 * step and of the progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  vboardMissing,
  type VirtualBoard,
} from '../src-main/flash/testing/vboard';
import { startConsole, type ConsoleSession } from './support/consoleSession';

const FLASH_MS = 60_000;

// Skipped only where the virtual board's Debian packages are absent (vboardMissing names them).
describe.skipIf(vboardMissing())(
  'a batch flash with a wrong board type (virtual Uno and Mega)',
  () => {
    let session: ConsoleSession;
    let uno: VirtualBoard;
    let mega: VirtualBoard;

    beforeAll(async () => {
      [uno, mega] = await Promise.all([startBoard('uno'), startBoard('mega2560')]);
      session = await startConsole();
    }, 90_000);

    afterAll(async () => {
      await session?.stop();
      await stopBoards(uno, mega);
    });

    it("flashes the Uno, names the Mega's chip, and the one-click fix asks for the Mega's firmware", async () => {
      const { page, problems } = await session.open('flash', { theme: 'light' });
      for (const board of [uno, mega]) {
        await page.getByRole('button', { name: 'Add port by path…' }).click();
        await page.getByLabel('Port path').fill(board.port);
        await page.getByRole('button', { name: 'Add port', exact: true }).click();
        await expect.poll(() => page.getByLabel('Port path').count()).toBe(0);
      }

      await page.getByLabel(/^Firmware file/).setInputFiles(firmwarePath('uno', 'big'));
      await expect
        .poll(() => page.getByText('Valid Intel HEX').count(), { timeout: 10_000 })
        .toBe(1);
      await session.screenshot(page, 'flash-firmware-light');
      await page.getByRole('button', { name: 'Next', exact: true }).click();

      for (const board of [uno, mega]) {
        await page.getByLabel(`Board type on ${board.port}`).selectOption('uno');
        const pick = page.getByRole('checkbox', { name: `Flash Arduino Uno on ${board.port}` });
        if (!(await pick.isChecked())) await pick.check();
      }
      await expect.poll(() => page.getByText('Fits: 25 326 of 32 256 bytes').count()).toBe(2);
      await session.screenshot(page, 'flash-boards-light');
      await page.getByRole('button', { name: 'Next: flash 2 boards' }).click();

      await page.keyboard.press('Control+Enter');
      const unoBar = page.getByRole('progressbar', { name: `Flashing Arduino Uno on ${uno.port}` });
      await expect
        .poll(() => unoBar.getAttribute('aria-valuetext'), { timeout: 20_000, interval: 100 })
        .toMatch(/^Writing · [1-9]\d? %$/);
      await expect
        .poll(() => page.getByTestId('status-flashing').textContent())
        .toMatch(/Flashing \d\/2/);
      await session.screenshot(page, 'flash-progress-light');

      const summary = page.getByRole('status').filter({ hasText: 'verified' });
      await expect
        .poll(() => summary.textContent(), { timeout: FLASH_MS, interval: 250 })
        .toContain('1 verified, 1 failed');
      expect(await summary.textContent()).toContain(`Failed: Arduino Uno on ${mega.port}`);
      const megaRow = page.getByRole('listitem', { name: `Arduino Uno on ${mega.port}` });
      expect(await megaRow.textContent()).toContain(
        'This is an ATmega2560 (Mega 2560), not an Arduino Uno',
      );
      await session.screenshot(page, 'flash-results-failed-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await session.screenshot(page, 'flash-results-failed-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      // Retrying with this file would write Uno firmware to the Mega: the fix asks for its own.
      expect(
        await megaRow.getByRole('button', { name: 'Switch to Mega 2560 and retry' }).count(),
      ).toBe(0);
      await megaRow
        .getByRole('button', { name: 'Switch to Mega 2560 and choose its firmware' })
        .click();
      await expect
        .poll(() => page.locator('.flash-wanted').textContent())
        .toContain(
          `Choose the firmware built for the Mega 2560 on ${mega.port}. The last file was built for ATmega328P (Uno, Nano).`,
        );
      await session.screenshot(page, 'flash-wanted-firmware-light');
      await page.getByLabel(/^Firmware file/).setInputFiles(firmwarePath('mega2560', 'big'));
      await expect
        .poll(() => page.locator('.firmware-target').textContent(), { timeout: 10_000 })
        .toBe('Built for ATmega2560 (Mega 2560), judging by its interrupt vector table.');
      await page.getByRole('button', { name: 'Next', exact: true }).click();

      // The Mega file on the Uno is refused before anything is written.
      await page.getByRole('checkbox', { name: `Flash Arduino Uno on ${uno.port}` }).check();
      await expect
        .poll(() => page.getByText('Wrong firmware: built for ATmega2560 (Mega 2560)').count())
        .toBe(1);
      expect(
        await page
          .getByText(`The firmware was built for another chip: Arduino Uno on ${uno.port}`)
          .count(),
      ).toBe(1);
      expect(await page.getByRole('button', { name: /^Next: flash/ }).isDisabled()).toBe(true);
      await session.screenshot(page, 'flash-wrong-chip-light');
      await page.getByRole('checkbox', { name: `Flash Arduino Uno on ${uno.port}` }).uncheck();
      await page.getByRole('button', { name: 'Next: flash 1 board' }).click();
      await page.keyboard.press('Control+Enter');
      const megaBar = page.getByRole('progressbar', {
        name: `Flashing Arduino Mega 2560 on ${mega.port}`,
      });
      await expect.poll(() => megaBar.count()).toBe(1);
      await expect
        .poll(() => page.locator('.result-ok').textContent(), { timeout: FLASH_MS, interval: 250 })
        .toMatch(/^Verified · 25 458 bytes in \d+\.\d s$/);
      await session.screenshot(page, 'flash-fixed-light');
      // The fix is remembered for the port, as on the Boards page.
      await page.getByRole('link', { name: 'Boards', exact: true }).click();
      await expect
        .poll(() =>
          page.getByRole('listitem', { name: `Arduino Mega 2560 on ${mega.port}` }).count(),
        )
        .toBe(1);
      expect(problems).toEqual([]);
      await page.close();
    }, 180_000);
  },
);

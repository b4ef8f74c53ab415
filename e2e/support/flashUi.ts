/** Checks of the flash UI shared by the flashing e2e files (progress bar, nav item). */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Adds a port by path on the Boards page and waits for its row (a pty has no USB identity). */
export async function addPortByPath(page: Page, consoleUrl: string, path: string): Promise<void> {
  await page.goto(`${consoleUrl}#/boards`);
  await page.getByRole('button', { name: 'Add port by path…' }).click();
  await page.getByLabel('Port path').fill(path);
  await page.getByRole('button', { name: 'Add port', exact: true }).click();
  await expect
    .poll(() => page.getByRole('listitem', { name: new RegExp(`on ${path}$`) }).count(), {
      timeout: 10_000,
    })
    .toBe(1);
}

/**
 * Adds a virtual ESP by path and reads its chip (a pty has no USB identity): returns its row,
 * named after the chip read.
 */
export async function addEspByPath(page: Page, port: string, chipName: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add port by path…' }).click();
  await page.getByLabel('Port path').fill(port);
  await page.getByRole('button', { name: 'Add port', exact: true }).click();
  await expect.poll(() => page.getByLabel('Port path').count()).toBe(0);
  await page.getByRole('button', { name: `Read the ESP chip on ${port}` }).click();
  const row = page.getByRole('listitem', { name: `${chipName} on ${port}` });
  await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
  return row;
}

/**
 * What these checks use of the page's DOM (the e2e files compile without the DOM library); the
 * functions passed to `evaluate` run in the page, so they use nothing from this module.
 */
interface Box {
  getBoundingClientRect(): { height: number };
  getAnimations(): { playState: string; finished: Promise<unknown> }[];
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly previousElementSibling: Box | null;
  querySelector(selector: string): Box | null;
  closest(selector: string): Box | null;
}

/** Waits until the bar's width transition has ended (a screenshot then shows what it says). */
export async function settled(bar: Locator): Promise<void> {
  await bar.locator('.flash-bar-fill').evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const running = (el as unknown as Box)
          .getAnimations()
          .filter((a) => a.playState === 'running');
        if (!running.length) return resolve();
        void Promise.allSettled(running.map((a) => a.finished)).then(() => resolve());
      }),
  );
}

/** The nav item's label: on one line, not cut, and the item as tall as the one above it. */
export async function navItemShape(
  nav: Locator,
): Promise<{ oneLine: boolean; whole: boolean; sameHeight: boolean }> {
  return nav.evaluate((el) => {
    const item = el as unknown as Box;
    const label = item.querySelector('.nav-label')!;
    const style = (
      globalThis as unknown as { getComputedStyle(e: unknown): { lineHeight: string } }
    ).getComputedStyle(label);
    const lineHeight = parseFloat(style.lineHeight) || 20;
    const other = item.closest('li')!.previousElementSibling!.querySelector('.nav-item')!;
    return {
      oneLine: label.getBoundingClientRect().height < lineHeight * 1.5,
      whole: label.scrollWidth <= label.clientWidth,
      sameHeight:
        Math.abs(item.getBoundingClientRect().height - other.getBoundingClientRect().height) < 1,
    };
  });
}

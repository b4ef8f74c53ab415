/**
 * Commission and Site in the web console, against headless mode and two emulated AVR boards
 * (../shared/tools/virtual-board): the technician writes a plan for an Uno (the serial
 * provisioning test firmware, ids meter-{n:3}), commissions a blank Uno and, by mistake, a Mega in
 * one batch: the Uno passes (flashed, identity written and read back), the Mega is refused before
 * any write. The certificate PDF says PASS with the device id and the firmware's SHA-256; the Site
 * view lists the device; the site exports to one file.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  startBoard,
  stopBoards,
  vboardMissing,
  type VirtualBoard,
} from '../src-main/flash/testing/vboard';
import { buildProvisioningFirmware } from '../src-main/provision/testing/firmware/build';
import {
  startEsp,
  stopEsps,
  VESP_FIXTURES,
  type VirtualEsp,
} from '../src-main/provision/testing/vesp';
import { startConsole, type ConsoleSession } from './support/consoleSession';
import { addPortByPath } from './support/flashUi';

const RUN_MS = 60_000;

describe.skipIf(vboardMissing())('Commission and Site (virtual Uno and Mega)', () => {
  let session: ConsoleSession;
  let uno: VirtualBoard;
  let mega: VirtualBoard;
  let firmware: string;
  let esp: VirtualEsp;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [uno, mega, firmware, esp] = await Promise.all([
      startBoard('uno', { spmUs: 0 }),
      startBoard('mega2560', { spmUs: 0 }),
      buildProvisioningFirmware('uno'),
      startEsp('esp32', '--flash-time-scale', '0'),
    ]);
    session = await startConsole();
  }, 90_000);

  afterAll(async () => {
    await session?.stop();
    await stopBoards(uno, mega);
    await stopEsps(esp);
  });

  const addPort = (path: string) => addPortByPath(page, session.url, path);

  it('a plan, a batch of two boards, one refused with its reason, the other certified', async () => {
    ({ page, problems } = await session.open('boards', { theme: 'light', height: 900 }));
    await addPort(uno.port);
    await addPort(mega.port);

    // The plan, from the palette's "New commissioning plan".
    await page.goto(`${session.url}#/commission`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Commission');
    await page.getByLabel('Product name').fill('Water meter');
    await page.getByLabel('Built for').selectOption('uno');
    await page.getByRole('button', { name: 'Add image' }).click();
    await page.getByLabel('File 1').fill(firmware);
    await page.getByLabel('Identity pattern', { exact: true }).fill('meter-{n:3}');
    await expect
      .poll(() => page.getByText('Next: meter-001, meter-002, meter-003').count())
      .toBe(1);
    expect(await page.getByLabel('Provisioning').inputValue()).toBe('serial');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Plan saved' }).count())
      .toBe(1);

    await page.getByLabel('Site', { exact: true }).fill('Roof A');
    await page.getByLabel('Technician').fill('Ana');
    await page.getByRole('checkbox', { name: new RegExp(uno.port) }).check();
    await page.getByRole('checkbox', { name: new RegExp(mega.port) }).check();
    await page.getByRole('button', { name: 'Commission 2 boards' }).click();

    const unoRow = page.getByRole('listitem', { name: `meter-001 on ${uno.port}` });
    const megaRow = page.getByRole('listitem', { name: new RegExp(`on ${mega.port}$`) });
    // The Mega is refused at Flash while the Uno goes on: the station mid-run.
    await expect.poll(() => megaRow.getByText('✕ FAIL').count(), { timeout: RUN_MS }).toBe(1);
    expect(await megaRow.innerText()).toMatch(/ATmega2560|Mega/);
    await session.screenshot(page, 'commission-station-light');

    await expect.poll(() => unoRow.getByText('● PASS').count(), { timeout: RUN_MS }).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: '1 passed, 1 failed' }).count()).toBe(
      1,
    );
    expect(await unoRow.innerText()).toMatch(/Provision\s*●?\s*done/);
    await session.screenshot(page, 'commission-results-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'commission-results-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The certificate as the technician downloads it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      unoRow.getByRole('button', { name: 'Certificate (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^certificate-meter-001-[0-9a-f]{8}\.pdf$/);
    const text = execFileSync('pdftotext', ['-layout', (await download.path())!, '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('PASS');
    expect(text).toContain('meter-001');
    expect(text).toContain(createHash('sha256').update(readFileSync(firmware)).digest('hex'));
    expect(problems).toEqual([]);
  }, 120_000);

  it('the Site view lists the device with its certificate and exports the site', async () => {
    await page.goto(`${session.url}#/site`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Site');
    const row = page.getByRole('row', { name: /meter-001/ });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.innerText()).toMatch(/Water meter[\s\S]*PASS/);
    await session.screenshot(page, 'site-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'site-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export site' }).click(),
    ]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      format: string;
      devices: { device: string; credentialHash: string }[];
      records: unknown[];
    };
    expect(exported.format).toBe('iotmp-site-export');
    expect(exported.devices.map((d) => d.device)).toEqual(['meter-001']);
    expect(exported.devices[0]!.credentialHash).toMatch(/^scrypt\$/);
    expect(exported.records).toHaveLength(2);
    expect(problems).toEqual([]);
  }, 60_000);

  it('a blank ESP32: plan, flash, NVS identity, join, checks with a confirmation and a manual step, certificate', async () => {
    const fw = `${VESP_FIXTURES}esp32/`;
    await addPort(esp.port);
    await page.goto(`${session.url}#/commission`);
    await page.getByRole('button', { name: 'New plan' }).click();
    await page.getByLabel('Product name').fill('Sensor node');
    await page.getByLabel('Built for').selectOption('esp32');
    for (const [i, [file, offset]] of (
      [
        ['bootloader.bin', '0x1000'],
        ['partitions.bin', '0x8000'],
        ['iotmp-sensor.bin', '0x10000'],
      ] as const
    ).entries()) {
      await page.getByRole('button', { name: 'Add image' }).click();
      await page.getByLabel(`File ${i + 1}`).fill(`${fw}${file}`);
      await page.getByLabel(`Offset ${i + 1}`).fill(offset);
    }
    await page.getByLabel('Identity pattern', { exact: true }).fill('node-{n}');
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(session.tcpPort));
    expect(await page.getByText(/127\.0\.0\.1 reaches only this machine/).count()).toBe(1);
    expect(await page.getByLabel('Provisioning').inputValue()).toBe('nvs');
    await page.getByRole('button', { name: 'Add range' }).click();
    await page.getByLabel('Resource 1', { exact: true }).fill('temperature');
    await page.getByLabel('Min 1', { exact: true }).fill('60');
    await page.getByLabel('Max 1', { exact: true }).fill('-20');
    await page.getByRole('button', { name: 'Add manual check' }).click();
    await page.getByLabel('What to look for 1').fill('The LED blinked');
    // Types, round trips and streams are form fields, each with its own message.
    await page.getByRole('button', { name: 'Add type' }).click();
    await page.getByRole('button', { name: 'Add round trip' }).click();
    await page.getByRole('button', { name: 'Add stream' }).click();
    await page.getByLabel('Stream resource 1').fill('temperature');
    await page.getByLabel('Interval (ms) 1').fill('50');
    // The message under a field: in the same field frame, pointed to by aria-describedby.
    const message = (label: string) =>
      page
        .locator('.text-field', { has: page.getByLabel(label, { exact: true }) })
        .locator('.field-error')
        .textContent();
    expect(await message('Type resource 1')).toBe('Required');
    expect(await message('Input 1')).toBe('Required');
    expect(await message('Interval (ms) 1')).toBe('At least 100');
    expect(await message('Max 1')).toBe('At least the minimum');
    expect(await page.getByRole('button', { name: 'Save plan' }).isDisabled()).toBe(true);
    expect(await page.getByText('Fix the 4 fields marked below to save.').count()).toBe(1);
    await session.screenshot(page, 'commission-plan-errors-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'commission-plan-errors-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByLabel('Min 1', { exact: true }).fill('-20');
    await page.getByLabel('Max 1', { exact: true }).fill('60');
    await page.getByLabel('Type resource 1').fill('temperature');
    await page.getByLabel('Type 1', { exact: true }).selectOption('number');
    await page.getByLabel('Input 1', { exact: true }).fill('led');
    await page.getByLabel('Output 1', { exact: true }).fill('led_state');
    await page.getByLabel('Value 1', { exact: true }).fill('true');
    await page.getByRole('button', { name: 'Remove stream 1' }).click();
    expect(await page.getByLabel('Input 1', { exact: true }).getAttribute('aria-invalid')).toBe(
      null,
    );
    await session.screenshot(page, 'commission-plan-checks-light');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Plan saved' }).count())
      .toBe(1);

    await page.getByRole('button', { name: 'Commission another batch' }).click();
    for (const p of [uno.port, mega.port])
      await page.getByRole('checkbox', { name: new RegExp(p) }).uncheck();
    await page.getByRole('checkbox', { name: new RegExp(esp.port) }).check();
    await page.getByRole('button', { name: 'Commission 1 board' }).click();

    // The technician confirms the actuator write, then passes the manual check with `p`.
    const confirm = page.getByRole('article', { name: /node-1: Write true to led\?/ });
    await expect.poll(() => confirm.count(), { timeout: RUN_MS }).toBe(1);
    await session.screenshot(page, 'commission-prompt-light');
    await confirm.getByRole('button', { name: 'Yes, write it' }).click();
    const manual = page.getByRole('article', { name: 'node-1: The LED blinked' });
    await expect.poll(() => manual.count(), { timeout: RUN_MS }).toBe(1);
    await page.locator('body').press('p');

    const row = page.getByRole('listitem', { name: `node-1 on ${esp.port}` });
    await expect.poll(() => row.getByText('● PASS').count(), { timeout: RUN_MS }).toBe(1);
    expect(await row.innerText()).toMatch(/Join\s*done/);
    await session.screenshot(page, 'commission-esp-results-light');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Certificate (PDF)' }).click(),
    ]);
    const text = execFileSync('pdftotext', ['-layout', (await download.path())!, '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('PASS');
    expect(text).toContain('node-1');
    expect(text).toContain(
      createHash('sha256')
        .update(readFileSync(`${fw}iotmp-sensor.bin`))
        .digest('hex'),
    );
    expect(text).toMatch(/The LED blinked/);
    expect(problems).toEqual([]);
  }, 120_000);
});

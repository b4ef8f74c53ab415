/**
 * Commission in the web console on virtual ESP32 boards (../shared/tools/virtual-esp), for the
 * failures the technician must be able to read off the station, and a batch: the faulty firmware
 * fails naming the resource with the measured and the expected value; a board holding a wrong
 * credential is diagnosed "rejected: wrong credential from …"; four blank boards in one batch,
 * each its own row of steps. One headless instance, small fixture images, instant flash timing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildNvsImage } from '../src-main/provision/protocol';
import {
  startEsp,
  stopEsps,
  VESP_FIXTURES,
  type VirtualEsp,
} from '../src-main/provision/testing/vesp';
import { startConsole, type ConsoleSession } from './support/consoleSession';
import { addPortByPath } from './support/flashUi';

const FW = `${VESP_FIXTURES}esp32/`;
/** A run on emulated boards sharing two loaded cores: bounded, generously. */
const RUN_MS = 90_000;

describe('Commission on virtual ESP32 boards: failures and a batch of four', () => {
  let session: ConsoleSession;
  let page: Page;
  let problems: string[];
  const boards: VirtualEsp[] = [];

  beforeAll(async () => {
    session = await startConsole(['--add-device', 'studio/pump-7']);
    ({ page, problems } = await session.open('commission', { theme: 'light', height: 1000 }));
  }, 60_000);

  afterAll(async () => {
    await session?.stop();
    await stopEsps(...boards);
  });

  const blank = async (...extra: string[]) => {
    const b = await startEsp('esp32', '--flash-time-scale', '0', ...extra);
    boards.push(b);
    return b;
  };

  const addPort = (path: string) => addPortByPath(page, session.url, path);

  /** A new ESP32 plan from the editor: the fixture bootloader and table with `app`, if any. */
  const newPlan = async (p: {
    name: string;
    app: string | null;
    pattern: string;
    provisioning: 'nvs' | 'none';
    reuse?: boolean;
  }) => {
    await page.goto(`${session.url}#/commission`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Commission');
    const another = page.getByRole('button', { name: 'Commission another batch' });
    if (await another.count()) await another.click();
    const fresh = page.getByRole('button', { name: 'New plan' });
    if (await fresh.count()) await fresh.click();
    await page.getByLabel('Product name').fill(p.name);
    await page.getByLabel('Built for').selectOption('esp32');
    if (p.app)
      for (const [i, [file, offset]] of (
        [
          ['bootloader.bin', '0x1000'],
          ['partitions.bin', '0x8000'],
          [p.app, '0x10000'],
        ] as const
      ).entries()) {
        await page.getByRole('button', { name: 'Add image' }).click();
        await page.getByLabel(`File ${i + 1}`).fill(`${FW}${file}`);
        await page.getByLabel(`Offset ${i + 1}`).fill(offset);
      }
    await page.getByLabel('Identity pattern', { exact: true }).fill(p.pattern);
    if (p.reuse) await page.getByLabel('An id that exists already').selectOption('reuse');
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(session.tcpPort));
    await page.getByLabel('Provisioning').selectOption(p.provisioning);
  };

  const savePlan = async () => {
    await page.getByRole('button', { name: 'Save plan' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Plan saved' }).count())
      .toBe(1);
  };

  /** Exactly `ports` ticked in the station, then Start. */
  const commission = async (ports: readonly string[]) => {
    await page.getByLabel('Site', { exact: true }).fill('Plant 3');
    await page.getByLabel('Technician').fill('Ana');
    for (const box of await page
      .getByRole('group', { name: 'Boards', exact: true })
      .getByRole('checkbox')
      .all())
      await box.uncheck();
    for (const p of ports) await page.getByRole('checkbox', { name: new RegExp(p) }).check();
    const n = ports.length;
    await page.getByRole('button', { name: `Commission ${n} board${n === 1 ? '' : 's'}` }).click();
  };

  it('the faulty firmware: the run fails naming the resource, measured against expected', async () => {
    const b = await blank('--mac', '24:0a:c4:00:00:21');
    await addPort(b.port);
    await newPlan({
      name: 'Faulty sensor',
      app: 'iotmp-faulty.bin',
      pattern: 'faulty-{n}',
      provisioning: 'nvs',
    });
    await page.getByRole('button', { name: 'Add round trip' }).click();
    await page.getByLabel('Input 1', { exact: true }).fill('led');
    await page.getByLabel('Output 1', { exact: true }).fill('led_state');
    await page.getByLabel('Value 1', { exact: true }).fill('true');
    await savePlan();
    await commission([b.port]);

    // The technician confirms every actuator write as it comes.
    const row = page.getByRole('listitem', { name: `faulty-1 on ${b.port}` });
    const yes = page.getByRole('button', { name: 'Yes, write it' });
    await expect
      .poll(
        async () => {
          if (await yes.count()) await yes.first().click();
          return row.getByText('✕ FAIL').count();
        },
        { timeout: RUN_MS, interval: 500 },
      )
      .toBe(1);
    const text = await row.innerText();
    expect(text).toMatch(/Check\s*✕?\s*failed/);
    expect(text).toContain('led_state: expected true after writing led, measured false');
    const failing = row.getByRole('list', { name: 'Failing checks' });
    expect(await failing.innerText()).toContain('measured false, expected true');
    await session.screenshot(page, 'commission-faulty-light');
    expect(problems).toEqual([]);
  }, 120_000);

  it('a board holding a wrong credential: "rejected: wrong credential" at Join', async () => {
    const nvs = join(session.dataDir, 'pump-7-old.nvs.bin');
    writeFileSync(
      nvs,
      buildNvsImage(
        {
          host: '127.0.0.1',
          port: session.tcpPort,
          user: 'studio',
          device: 'pump-7',
          credential: 'an-old-credential',
        },
        { size: 0x6000 },
      ),
    );
    const b = await blank(
      '--mac',
      '24:0a:c4:00:00:22',
      '--app',
      `${FW}iotmp-sensor.bin`,
      '--nvs',
      nvs,
    );
    await addPort(b.port);
    await newPlan({
      name: 'Pump (already provisioned)',
      app: null,
      pattern: 'pump-7',
      provisioning: 'none',
      reuse: true,
    });
    await savePlan();
    await commission([b.port]);

    const row = page.getByRole('listitem', { name: `pump-7 on ${b.port}` });
    await expect.poll(() => row.getByText('✕ FAIL').count(), { timeout: RUN_MS }).toBe(1);
    const text = await row.innerText();
    expect(text).toMatch(/Join\s*✕?\s*failed/);
    expect(text).toMatch(/rejected: wrong credential from 127\.0\.0\.1/);
    await session.screenshot(page, 'commission-wrong-credential-light');
    expect(problems).toEqual([]);
  }, 120_000);

  it('four blank boards in one batch: a row per board with its steps, all certified', async () => {
    const four = await Promise.all([3, 4, 5, 6].map((i) => blank('--mac', `24:0a:c4:00:00:3${i}`)));
    for (const b of four) await addPort(b.port);
    await newPlan({
      name: 'Sensor node',
      app: 'iotmp-sensor.bin',
      pattern: 'node-{mac6}',
      provisioning: 'nvs',
    });
    await page.getByRole('button', { name: 'Add type' }).click();
    await page.getByLabel('Type resource 1').fill('temperature');
    await page.getByLabel('Type 1', { exact: true }).selectOption('number');
    // Four emulated boards on two shared cores: the round trip is not what this test is about.
    await page.getByLabel('Round-trip time at most (ms)').fill('10000');
    await savePlan();
    await commission(four.map((b) => b.port));

    const rows = four.map((b, i) =>
      page.getByRole('listitem', { name: `node-00003${i + 3} on ${b.port}` }),
    );
    // Mid-run: four rows, each with its own step trail.
    await expect.poll(() => rows[3]!.count(), { timeout: RUN_MS }).toBe(1);
    await session.screenshot(page, 'commission-batch4-running-light');
    const yes = page.getByRole('button', { name: 'Yes, write it' });
    await expect
      .poll(
        async () => {
          if (await yes.count()) await yes.first().click();
          let passed = 0;
          for (const r of rows) passed += await r.getByText('● PASS').count();
          return passed;
        },
        { timeout: RUN_MS, interval: 1000 },
      )
      .toBe(4);
    for (const r of rows)
      expect(await r.innerText()).toMatch(
        /Identify\s*●?\s*done[\s\S]*Flash\s*●?\s*done[\s\S]*Provision\s*●?\s*done[\s\S]*Join\s*●?\s*done[\s\S]*Check\s*●?\s*done/,
      );
    expect(await page.getByRole('status').filter({ hasText: '4 passed, 0 failed' }).count()).toBe(
      1,
    );
    await session.screenshot(page, 'commission-batch4-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot(page, 'commission-batch4-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems).toEqual([]);
  }, 180_000);
});

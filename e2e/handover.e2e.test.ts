/**
 * Hand-over of a site to a production server, as a technician does it in the Site view (UI.md
 * §3.12, issue 17 "Hand-over to a production server"): the site laptop (headless mode + console
 * in Chromium) hands its commissioned site over to a SECOND headless instance of this app (its
 * REST API is Thinger-compatible). One device's credential was captured when it was issued and is
 * kept; the other gets a new credential, shown once in the panel. The technician then points the
 * devices at the new server (simulated devices), and the panel records each reconnect there.
 * The Site view's "Now" column follows presence live (site-now-offline-light).
 * Screenshots: site-handover-dialog, site-handover-watching, site-handover-done (light, dark).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessProcess, TEST_HEADLESS_ARGS } from '../src-main/app/testing/headlessProcess';
import { passedRecord } from '../src-main/commission/testing/passedRecord';
import { preset } from '../src-main/simulator/presets';
import { SimulatedDevice } from '../src-main/simulator/SimulatedDevice';
import { ROOT, startConsole, type ConsoleSession } from './support/consoleSession';

const thermostat = preset('demo').profiles[0]!;
const SITE = 'Plant A';
const DEVICES = ['boiler-1', 'boiler-2'] as const;

let session: ConsoleSession;
let target: ChildProcess;
let targetDir: string;
let targetBase: string;
let targetToken: string;
let targetTcp: number;
const onTarget: SimulatedDevice[] = [];
const onSite = new Map<string, SimulatedDevice>();

/** A commissioning record as the Commission view stores it (only what the Site view reads). */
const record = (device: string) =>
  passedRecord({
    user: 'site',
    device,
    site: SITE,
    planName: 'Boiler controller',
    startedAt: Date.now() - 60_000,
    endedAt: Date.now() - 30_000,
  });

async function call(base: string, token: string, name: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${base}/api/v1/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

beforeAll(async () => {
  // The production server: a second instance in headless mode.
  targetDir = mkdtempSync(join(tmpdir(), 'iotmp-e2e-handover-target-'));
  const started = await startHeadlessProcess(ROOT, [
    '--data-dir',
    targetDir,
    ...TEST_HEADLESS_ARGS,
  ]);
  target = started.child;
  const url = new URL(started.lines.find((l) => l.startsWith('console: '))!.slice(9));
  targetBase = url.origin;
  targetToken = url.searchParams.get('token')!;
  targetTcp = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(started.lines.join('\n'))![1]);

  // The site laptop: two registered devices, online, commissioned on site "Plant A".
  session = await startConsole(DEVICES.flatMap((d) => ['--add-device', `site/${d}`]));
  const own = new URL(session.url);
  const token = own.searchParams.get('token')!;
  await call(own.origin, token, 'sites.import', {
    data: JSON.stringify({
      format: 'iotmp-site-export',
      version: 1,
      site: SITE,
      exportedAt: Date.now(),
      plans: [],
      devices: [],
      records: DEVICES.map(record),
      properties: [],
    }),
  });
  for (const device of DEVICES) {
    const d = session.device({
      transport: 'tcp',
      user: 'site',
      device,
      credential: session.credentialOf(`site/${device}`),
      profile: thermostat,
    });
    onSite.set(device, d);
    d.start();
    await d.waitForState('online', AbortSignal.timeout(15_000));
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(onTarget.map((d) => d.stop()));
  await session?.stop();
  if (target && target.exitCode === null) {
    target.kill('SIGTERM');
    await new Promise((r) => target.once('exit', r));
  }
  if (targetDir) rmSync(targetDir, { recursive: true, force: true });
});

describe('hand-over in the Site view', () => {
  it('copies the site to a second instance, shows the new credential once, and records each reconnect there', async () => {
    const { page, problems } = await session.open('site', { theme: 'light', height: 900 });
    await session.screenshot(page, 'site-handover-before-light');
    await expect
      .poll(() => page.getByText('boiler-2', { exact: true }).count(), { timeout: 15_000 })
      .toBe(1);
    // "Now" is live: a device that drops or comes back changes there without a reload.
    const row = page.getByRole('row').filter({ hasText: 'boiler-2' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('online');
    await onSite.get('boiler-2')!.stop();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('offline');
    const now = page.getByTestId('site-now-boiler-2');
    expect(await now.getAttribute('data-state')).toBe('offline');
    await session.screenshot(page, 'site-now-offline-light');
    const back = session.device({
      transport: 'tcp',
      user: 'site',
      device: 'boiler-2',
      credential: session.credentialOf('site/boiler-2'),
      profile: thermostat,
    });
    onSite.set('boiler-2', back);
    back.start();
    await expect.poll(() => now.getAttribute('data-state'), { timeout: 15_000 }).toBe('online');

    await page.getByRole('button', { name: 'Hand over…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hand over to a production server' });
    await expect.poll(() => dialog.count()).toBe(1);
    await expect.poll(() => dialog.getByText('The 2 device(s) of site Plant A').count()).toBe(1);
    // Refused in words at the fields, before anything goes out.
    await dialog.getByRole('button', { name: 'Hand over' }).click();
    await expect.poll(() => dialog.getByText('Starts with http:// or https://').count()).toBe(1);

    await dialog.getByLabel('Server address').fill(targetBase);
    await dialog.getByLabel('API token').fill(targetToken);
    const captured = session.credentialOf('site/boiler-1');
    await dialog
      .getByLabel('Credentials captured when they were issued (optional)')
      .fill(JSON.stringify({ 'site/boiler-1': captured }));
    await dialog.getByLabel('Wait for the devices to connect there').selectOption('300');
    await session.screenshot(page, 'site-handover-dialog-light');
    await dialog.getByRole('button', { name: 'Hand over' }).click();

    const panel = page.getByRole('region', { name: `Hand-over to ${targetBase}` });
    await expect
      .poll(() => panel.getByText(/Waiting for the devices to connect there: 0 of 2/).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await expect.poll(() => panel.getByText('kept (captured)').count()).toBe(1);
    const fresh = (await panel.getByTestId('new-credential-boiler-2').textContent())!.trim();
    expect(fresh.length).toBeGreaterThanOrEqual(16);
    expect(fresh).not.toBe(session.credentialOf('site/boiler-2'));
    await expect.poll(() => panel.getByText('Buckets').count()).toBe(0); // none on this site
    await session.screenshot(page, 'site-handover-watching-light');

    // The technician's step: each device now dials the new server (boiler-2 with its new credential).
    for (const [device, credential] of [
      ['boiler-1', captured],
      ['boiler-2', fresh],
    ] as const) {
      await onSite.get(device)!.stop();
      const d = new SimulatedDevice({
        host: '127.0.0.1',
        port: targetTcp,
        transport: 'tcp',
        user: 'site',
        device,
        credential,
        profile: thermostat,
        reconnectDelayMs: 200,
      });
      onTarget.push(d);
      d.start();
      await d.waitForState('online', AbortSignal.timeout(15_000));
    }
    await expect
      .poll(() => panel.getByText('Done: 2 of 2 devices connected there').count(), {
        timeout: 30_000,
      })
      .toBe(1);
    // Shown only while it ran.
    expect(await panel.getByTestId('new-credential-boiler-2').count()).toBe(0);
    await expect.poll(() => panel.getByText('new (no longer shown)').count()).toBe(1);
    await session.screenshot(page, 'site-handover-done-light');
    const dark = await session.open('site', { theme: 'dark', height: 900 });
    await expect
      .poll(() => dark.page.getByText('Done: 2 of 2 devices connected there').count())
      .toBe(1);
    await session.screenshot(dark.page, 'site-handover-done-dark');

    // The new server has both devices; the report is on disk, without any credential.
    const listed = (await (
      await fetch(`${targetBase}/v1/users/site/devices`, {
        headers: { authorization: `Bearer ${targetToken}` },
      })
    ).json()) as { device: string }[];
    expect(listed.map((d) => d.device).sort()).toEqual([...DEVICES]);
    const reports = readdirSync(join(session.dataDir, 'handover'));
    expect(reports).toHaveLength(1);
    const text = readFileSync(join(session.dataDir, 'handover', reports[0]!), 'utf8');
    expect(text).not.toContain(fresh);
    expect(text).not.toContain(captured);
    expect(JSON.parse(text)).toMatchObject({ target: targetBase, reconnected: 2 });
    expect(problems).toEqual([]);
  }, 150_000);
});

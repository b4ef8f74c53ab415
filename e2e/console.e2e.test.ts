/**
 * The web console end to end, as a user meets it: headless mode started as a real process from a
 * fresh data folder, a simulated device connecting, and Debian's Chromium (driven by
 * playwright-core) opening the printed console URL. The page reaches the broker only through the
 * typed API over its WebSocket, under the console's strict CSP.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedDevice } from '../src-main/simulator/SimulatedDevice';
import { preset } from '../src-main/simulator/presets';
import { startHeadlessProcess, TEST_HEADLESS_ARGS } from '../src-main/app/testing/headlessProcess';

const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'iotmp-e2e-'));
const shots = join(root, 'test-results');
let headless: ChildProcess;
let browser: Browser;
let device: SimulatedDevice | null = null;
let lines: string[] = [];

/** Chromium as this machine needs it (../.library/env: no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

beforeAll(async () => {
  if (!existsSync(join(root, 'out/renderer/index.html'))) {
    throw new Error('the console is not built: run `npm run build` first (npm test does)');
  }
  const started = await startHeadlessProcess(root, [
    '--data-dir',
    dataDir,
    ...TEST_HEADLESS_ARGS,
    '--add-device',
    'site/thermo',
  ]);
  headless = started.child;
  lines = started.lines;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await device?.stop();
  await browser?.close();
  if (headless && headless.exitCode === null) {
    headless.kill('SIGTERM');
    await new Promise((r) => headless.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const lineAfter = (prefix: string): string =>
  lines.find((l) => l.startsWith(prefix))!.slice(prefix.length);

describe('the web console in Chromium', () => {
  it('shows the broker status and sees a device come online, with no CSP violation', async () => {
    const consoleUrl = lineAfter('console: ');
    const credential = lineAfter('added site/thermo; its credential (shown only now): ');
    const tcpPort = Number(lineAfter('devices: tcp://127.0.0.1:'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    const response = await page.goto(consoleUrl);
    // The console's CSP: the page's own scripts only, WebSockets back to this server only.
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const status = page.getByTestId('broker-status');
    await expect
      .poll(() => status.textContent(), { timeout: 10_000 })
      .toContain('0 of 1 devices online');

    device = new SimulatedDevice({
      host: '127.0.0.1',
      port: tcpPort,
      user: 'site',
      device: 'thermo',
      credential,
      profile: preset('demo').profiles[0]!,
    });
    device.start();
    await expect
      .poll(() => status.textContent(), { timeout: 10_000 })
      .toContain('1 of 1 devices online');

    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'console-status.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('without the token the page says how to connect, and the API refuses it', async () => {
    const base = lineAfter('console: ').split('?')[0]!;
    const page = await browser.newPage();
    await page.goto(base);
    await expect
      .poll(() => page.getByTestId('broker-status').textContent())
      .toContain('not connected');
    const api = await page.evaluate(async (u) => (await fetch(`${u}api/v1/status`)).status, base);
    expect(api).toBe(401);
    await page.close();
  }, 30_000);
});

/**
 * One e2e fixture for every view test: headless mode started as a real process from a fresh data
 * folder, Debian's Chromium (playwright-core, `/usr/bin/chromium`), and helpers to open the
 * printed console URL, start simulated devices and save screenshots as UI.md §6 names them
 * (`test-results/screens/<view>-<state>-<theme>.png`).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  startHeadlessProcess,
  TEST_HEADLESS_ARGS,
} from '../../src-main/app/testing/headlessProcess';
import { SimulatedDevice } from '../../src-main/simulator/SimulatedDevice';
import type { SimulatedDeviceOptions } from '../../src-main/simulator/simulatedDeviceTypes';

export const ROOT = join(import.meta.dirname, '..', '..');
const SCREENS = join(ROOT, 'test-results', 'screens');

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

interface ConsolePage {
  page: Page;
  /** Console errors and page errors seen so far (a test usually expects none). */
  problems: string[];
}

export interface ConsoleSession {
  /** The `console: ` line: the page URL with its token. */
  url: string;
  tcpPort: number;
  lines: string[];
  browser: Browser;
  dataDir: string;
  /** The credential printed for a device added with `--add-device user/device`. */
  credentialOf(key: string): string;
  /** A new page at `#/<route>` (e.g. `devices/site/thermo`), theme forced if given. */
  open(
    route?: string,
    options?: { theme?: 'dark' | 'light'; width?: number; height?: number },
  ): Promise<ConsolePage>;
  /** A simulated device connected to this broker over TCP (stopped by `stop()`). */
  device(options: Omit<SimulatedDeviceOptions, 'host' | 'port'>): SimulatedDevice;
  screenshot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startConsole(extraArgs: string[] = []): Promise<ConsoleSession> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html')))
    throw new Error('the console is not built: run `npm run build` first (npm test does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'iotmp-e2e-'));
  const started = await startHeadlessProcess(ROOT, [
    '--data-dir',
    dataDir,
    ...TEST_HEADLESS_ARGS,
    ...extraArgs,
  ]);
  const child: ChildProcess = started.child;
  const lines = started.lines;
  const after = (prefix: string): string => {
    const line = lines.find((l) => l.startsWith(prefix));
    if (!line) throw new Error(`headless mode printed no line starting "${prefix}"`);
    return line.slice(prefix.length);
  };
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const devices: SimulatedDevice[] = [];
  const url = after('console: ');
  const tcpPort = Number(after('devices: tcp://127.0.0.1:'));
  return {
    url,
    tcpPort,
    lines,
    browser,
    dataDir,
    credentialOf: (key) => after(`added ${key}; its credential (shown only now): `),
    async open(route = 'devices', options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        colorScheme: options.theme ?? 'light',
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${url}#/${route}`);
      return { page, problems };
    },
    device(options) {
      const d = new SimulatedDevice({ host: '127.0.0.1', port: tcpPort, ...options });
      devices.push(d);
      return d;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENS, { recursive: true });
      const path = join(SCREENS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async stop() {
      await Promise.all(devices.map((d) => d.stop()));
      await browser.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

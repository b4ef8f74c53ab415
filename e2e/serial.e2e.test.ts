/**
 * The serial monitor's baud memory and plotter in the web console, against headless mode and a
 * pseudo-terminal a small Python script writes to as a sketch would (a banner, then
 * `sin:…,cos:…` lines every 50 ms): the technician adds the pty by path, opens the monitor
 * (the default rate for an unknown port), changes the rate, closes and reopens it (main
 * remembered the rate), and switches to the plotter, which charts both series live.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleSession } from './support/consoleSession';

/** Debian's interpreter (a pyenv shim may come first on PATH and start slowly). */
const PYTHON = '/usr/bin/python3';
const SKETCH = `
import math, os, pty, sys, time
master, slave = pty.openpty()
print(os.ttyname(slave), flush=True)
i = 0
while True:
    if i % 100 == 0:
        os.write(master, b"sensor demo v1.2 ready\\r\\n")
    os.write(master, ("sin:%.3f,cos:%.3f\\r\\n" % (math.sin(i / 10), math.cos(i / 10))).encode())
    i += 1
    time.sleep(0.05)
`;

describe('Serial monitor: baud memory and plotter (a pty)', () => {
  let session: ConsoleSession;
  let sketch: ChildProcess;
  let pty: string;

  beforeAll(async () => {
    sketch = spawn(PYTHON, ['-c', SKETCH], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: sketch.stdout! });
    pty = await new Promise<string>((resolve) => lines.once('line', resolve));
    session = await startConsole();
  }, 60_000);

  afterAll(async () => {
    await session?.stop();
    sketch?.kill();
  });

  it('opens at the default rate, remembers the rate chosen, and plots the numbers live', async () => {
    const { page, problems } = await session.open('boards', { theme: 'light' });
    await page.getByRole('button', { name: 'Add port by path…' }).click();
    await page.getByLabel('Port path').fill(pty);
    await page.getByRole('button', { name: 'Add port', exact: true }).click();
    await expect.poll(() => page.getByText(pty).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const open = async (): Promise<void> => {
      await page.evaluate(`window.location.hash = '#/serial/${encodeURIComponent(pty)}'`);
      await expect
        .poll(() => page.getByRole('tab', { name: pty }).count(), { timeout: 10_000 })
        .toBe(1);
    };
    await open();
    // A port of no known board opens at Settings → Serial's "Other ports" rate.
    await expect
      .poll(() => page.getByText('Connected · 9600 8N1').count(), { timeout: 10_000 })
      .toBe(1);
    const log = page.getByRole('log', { name: `Output of ${pty}` });
    await expect.poll(() => log.innerText(), { timeout: 10_000 }).toMatch(/sin:-?\d/);

    await page.getByLabel('Baud').selectOption('115200');
    await expect
      .poll(() => page.getByText('Connected · 115200 8N1').count(), { timeout: 10_000 })
      .toBe(1);
    await page.getByRole('button', { name: `Close the monitor on ${pty}` }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: pty }).count(), { timeout: 10_000 })
      .toBe(0);
    await open();
    await expect
      .poll(() => page.getByText('Connected · 115200 8N1').count(), { timeout: 10_000 })
      .toBe(1);

    await page.getByRole('button', { name: 'Plot', exact: true }).click();
    const plot = page.getByTestId(`serial-plot-${pty}`);
    await expect
      .poll(async () => Number(await plot.getAttribute('data-sample-count')), { timeout: 15_000 })
      .toBeGreaterThan(40);
    const legend = page.getByRole('list', { name: 'Series' });
    expect(await legend.getByRole('checkbox').count()).toBe(2);
    expect(await legend.innerText()).toMatch(/sin[\s\S]*cos/);
    // The sketch prints its banner every 100 lines (5 s): wait for one to reach the plotter.
    await expect.poll(() => plot.innerText(), { timeout: 15_000 }).toMatch(/text lines? skipped/);
    await page.waitForTimeout(3_000); // a few periods on screen
    await session.screenshot(page, 'serial-plotter-light');
    await legend.getByText('cos').click(); // hide a series
    expect(await legend.getByRole('checkbox').nth(1).isChecked()).toBe(false);
    expect(problems).toEqual([]);
  }, 120_000);
});

/**
 * `npm run bench:ui`: the web console charting 21 device-pushed streams at once in Chromium
 * (issue 7 "Benchmark"): 20 simulated devices at 10 samples/s and one at 100 samples/s, each charted
 * (`#/devices/<u>/<d>/charts?resource=sample&interval=0`, then `?scope=all` shows every chart on
 * one page, all of them on screen). Measures for BENCH_UI_SECONDS (default 60, so a run ends in
 * about two minutes; BENCH_UI_SECONDS=300 for the long run that shows a flat heap over minutes):
 *   - frames per second from requestAnimationFrame, one figure per second, median and p5;
 *   - long tasks (PerformanceObserver 'longtask'): count and total time;
 *   - JS heap (performance.memory with --enable-precise-memory-info) after a forced GC (CDP
 *     HeapProfiler.collectGarbage) at the start and at the end;
 *   - chart redraws per second and samples received, to show the charts really kept up.
 * Its peer, in the same run: the same page with the same streams buffering but no chart on screen
 * (the Settings view: nothing on it is live), so the cost of drawing shows as a ratio.
 * fps counts requestAnimationFrame callbacks: the page's main-thread frames, the frames a chart
 * can redraw in. A redraw is one chart painting its canvas (`data-draw-count`).
 * Needs `npm run build` (the console is the built renderer); builds nothing itself.
 * Also: BENCH_UI_WARMUP (s, default 15), BENCH_UI_BASELINE (s of the peer), BENCH_UI_HEAP_EVERY
 * (s: heap after GC, DOM nodes and redraws while measuring, to tell a leak from noise),
 * BENCH_UI_PROFILE (a CPU profile of the page), BENCH_UI_TRACE (a DevTools timeline trace of 5 s of
 * charting: where the browser's own time goes, style, layout, paint, raster; the bench prints the
 * CPU time per redraw by thread from it, the figure that compares renderers on a busy machine).
 * Last line: `RESULT fps_median=<x> heap_growth_pct=<x> redraws_per_chart_s=<x>` (goal: ≥ 50, < 10
 * and ≥ 30: every chart follows the clock, issue 16).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHeadlessProcess, TEST_HEADLESS_ARGS } from '../src-main/app/testing/headlessProcess';
import { SimulatedDevice } from '../src-main/simulator/SimulatedDevice';
import type { DeviceProfileInput } from '../src-main/simulator/config';
import { CHROMIUM_ARGS, ROOT } from '../e2e/support/consoleSession';
import { describeTraceCost, traceCost } from './ui/traceCost';

const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 60);
const WARMUP_S = Number(process.env.BENCH_UI_WARMUP ?? 15);
const BASELINE_S = Number(
  process.env.BENCH_UI_BASELINE ?? Math.min(30, Math.max(10, SECONDS / 10)),
);
/** BENCH_UI_PROFILE=<file.cpuprofile>: a CPU profile of the page while charting (DevTools format). */
const PROFILE = process.env.BENCH_UI_PROFILE;
/** BENCH_UI_TRACE=<file.json>: a timeline trace (open it in DevTools' Performance panel). */
const TRACE = process.env.BENCH_UI_TRACE;
const TRACE_S = 5;
const SLOW_DEVICES = 20;
const SLOW_HZ = 10;
const FAST_HZ = 100;
const USER = 'bench';
const CREDENTIAL = 'bench-credential';
/** Three columns of charts, tall enough that all 21 are on screen: every chart draws. */
const VIEWPORT = { width: 2_600, height: 5_000 };

const profile = (hz: number): DeviceProfileInput => ({
  name: `stream-${hz}hz`,
  resources: {
    sample: {
      kind: 'sensor',
      value: { celsius: 22.5, humidity: 40 },
      noise: { celsius: 0.5, humidity: 2 },
      walk: true,
      decimals: 2,
      push: { everyMs: Math.round(1_000 / hz) },
    },
  },
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

/**
 * In the page (plain JS: this file is type-checked without the DOM): frames per second, one figure
 * per elapsed second, and long tasks, from now until `stop`.
 */
const PROBE = `(() => {
  const probe = { fps: [], longTasks: [], stop: false };
  window.__benchProbe = probe;
  let frames = 0;
  let since = performance.now();
  const frame = (now) => {
    if (probe.stop) return;
    frames++;
    if (now - since >= 1000) {
      probe.fps.push((frames * 1000) / (now - since));
      frames = 0;
      since = now;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
})()`;

const PROBE_RESULT = `(() => {
  const probe = window.__benchProbe;
  probe.stop = true;
  return { fps: probe.fps, longTasks: probe.longTasks };
})()`;

/** Sums over every chart card: redraws, samples received, samples the broker dropped. */
const CHART_COUNTERS = `(() => {
  const cards = [...document.querySelectorAll('[data-testid^="chart-"]')];
  let draws = 0, axes = 0, received = 0, dropped = 0;
  for (const c of cards) {
    draws += Number(c.querySelector('.chart-plot')?.getAttribute('data-draw-count') ?? 0);
    axes += Number(c.querySelector('.chart-plot')?.getAttribute('data-axes-count') ?? 0);
    received += Number(c.getAttribute('data-received') ?? 0);
    const m = /dropped by the broker: ([\\d ]+)/.exec(c.textContent ?? '');
    if (m) dropped += Number(m[1].replace(/ /g, ''));
  }
  return { charts: cards.length, draws, axes, received, dropped };
})()`;

const CHARTS_WITH_SAMPLES = `[...document.querySelectorAll('[data-testid^="chart-"]')].filter(
  (c) => Number(c.getAttribute('data-sample-count')) > 0).length`;

const PLOTS_ON_SCREEN = `[...document.querySelectorAll('.chart-plot')].filter((p) => {
  const r = p.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight;
}).length`;

const USED_HEAP = 'performance.memory.usedJSHeapSize';

const setHash = (page: Page, hash: string): Promise<unknown> =>
  page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);

interface ProbeResult {
  fps: number[];
  longTasks: number[];
}

async function measure(page: Page, seconds: number): Promise<ProbeResult> {
  await page.evaluate(PROBE);
  const every = Number(process.env.BENCH_UI_HEAP_EVERY ?? 0) * 1_000;
  const until = Date.now() + seconds * 1_000;
  while (every && Date.now() + every < until) {
    await sleep(every);
    const heap = await heapAfterGc(page);
    const cdp = await page.context().newCDPSession(page);
    const dom = await cdp.send('Memory.getDOMCounters');
    await cdp.detach();
    const counters = await chartCounters(page);
    console.log(
      `  heap after GC ${f(heap / 1_048_576, 2)} MiB; DOM nodes ${dom.nodes}, listeners ${dom.jsEventListeners}; redraws so far ${counters.draws}`,
    );
  }
  await sleep(Math.max(0, until - Date.now()));
  return page.evaluate<ProbeResult>(PROBE_RESULT);
}

interface ChartCounters {
  charts: number;
  draws: number;
  /** Redraws with new value axes (their backdrop painted again; the others only copied it). */
  axes: number;
  received: number;
  dropped: number;
}

const chartCounters = (page: Page): Promise<ChartCounters> =>
  page.evaluate<ChartCounters>(CHART_COUNTERS);

async function startProfile(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(PROFILE!, JSON.stringify(profile));
    await cdp.detach();
    console.log(`CPU profile of the page: ${PROFILE}`);
  };
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  return page.evaluate<number>(USED_HEAP);
}

function summary(name: string, r: ProbeResult, seconds: number): string {
  const long = r.longTasks.reduce((a, b) => a + b, 0);
  return (
    `${name}: fps median ${f(quantile(r.fps, 0.5))}, p5 ${f(quantile(r.fps, 0.05))}, min ${f(Math.min(...r.fps))}` +
    ` over ${r.fps.length} s; long tasks ${r.longTasks.length} (${f(r.longTasks.length / seconds, 2)}/s,` +
    ` ${f(long, 0)} ms total, longest ${f(Math.max(0, ...r.longTasks), 0)} ms)`
  );
}

interface Variant {
  name: string;
  /** A built renderer folder served instead of the console's own (null: the console's own). */
  dir: string | null;
}

/**
 * BENCH_UI_VARIANTS="before=/tmp/out-main/renderer,after=out/renderer": renderers compared in the
 * same run, on the same server and devices, one after the other, BENCH_UI_ROUNDS times (default 2
 * with variants), so a busy machine's load falls on both alike. Each is a built `out/renderer`.
 */
const VARIANTS: Variant[] = process.env.BENCH_UI_VARIANTS
  ? process.env.BENCH_UI_VARIANTS.split(',').map((v) => {
      const [name, dir] = v.split('=') as [string, string | undefined];
      return { name, dir: dir ? resolve(dir) : null };
    })
  : [{ name: 'built', dir: null }];
const ROUNDS = Number(process.env.BENCH_UI_ROUNDS ?? (VARIANTS.length > 1 ? 2 : 1));

const loadavg = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Figures {
  fps: number;
  heap: number;
  draws: number;
}

/** Serves a variant's built files (index.html, assets) in place of the console's own. */
async function serveVariant(page: Page, origin: string, variant: Variant): Promise<void> {
  const dir = variant.dir;
  if (!dir) return;
  await page.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (route.request().method() !== 'GET' || !file.startsWith(dir) || !existsSync(file))
      return route.fallback();
    const type = file.endsWith('.js')
      ? 'text/javascript'
      : file.endsWith('.css')
        ? 'text/css'
        : file.endsWith('.html')
          ? 'text/html'
          : undefined;
    return route.fulfill({ path: file, ...(type ? { contentType: type } : {}) });
  });
}

/** A timeline trace of TRACE_S s of charting, and the CPU it shows per redraw and per frame. */
async function traceCharting(
  browser: Browser,
  page: Page,
  variant: Variant,
  trace: string,
): Promise<void> {
  // One trace per variant: `trace.json` → `trace-before.json`, `trace-after.json`.
  const path = VARIANTS.length > 1 ? trace.replace(/(\.json)?$/, `-${variant.name}$1`) : trace;
  await browser.startTracing(page, {
    path,
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'blink',
      'cc',
      'viz',
    ],
  });
  const drawn = await chartCounters(page);
  await sleep(TRACE_S * 1_000);
  const redrawn = await chartCounters(page);
  await browser.stopTracing();
  console.log(`timeline trace of the page: ${path}`);
  console.log(describeTraceCost(traceCost(path), redrawn.draws - drawn.draws, TRACE_S));
}

/** One page charting every stream: set up, warm up, measure, then its peer. */
async function runCharting(
  browser: Browser,
  url: string,
  names: string[],
  variant: Variant,
  first: boolean,
): Promise<Figures> {
  // The console's CSP refuses the bench's own probes (string evaluation), served variant or not.
  const context = await browser.newContext({
    viewport: VIEWPORT,
    colorScheme: 'light',
    bypassCSP: true,
  });
  const page = await context.newPage();
  try {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await serveVariant(page, new URL(url).origin, variant);
    const chartsOf = (device: string, query: string): string =>
      `#/devices/${USER}/${device}/charts?${query}`;
    await page.goto(`${url}${chartsOf(names[0]!, 'resource=sample&interval=0')}`);
    // One page, one console: each hash opens a chart that keeps streaming when the next opens.
    for (const device of names) {
      await setHash(page, chartsOf(device, 'resource=sample&interval=0'));
      await page.getByTestId(`chart-${device}-sample`).waitFor({ timeout: 20_000 });
    }
    await setHash(page, chartsOf(names[0]!, 'scope=all'));
    await page.waitForFunction(`${CHARTS_WITH_SAMPLES} === ${names.length}`, undefined, {
      timeout: 30_000,
    });
    const onScreen = await page.evaluate<number>(PLOTS_ON_SCREEN);
    if (first)
      console.log(
        `chromium ${browser.version()}; ${SLOW_DEVICES} devices at ${SLOW_HZ}/s + 1 at ${FAST_HZ}/s (device-pushed events), ` +
          `${names.length} charts on one page (${onScreen} on screen, viewport ${VIEWPORT.width}×${VIEWPORT.height}); ` +
          `warm-up ${WARMUP_S} s, measured ${SECONDS} s, peer ${BASELINE_S} s; load average (1, 5, 15 min) ${loadavg()}`,
      );

    await sleep(WARMUP_S * 1_000);
    if (TRACE && first) await traceCharting(browser, page, variant, TRACE);
    const heapStart = await heapAfterGc(page);
    const before = await chartCounters(page);
    const profiler = PROFILE && first ? await startProfile(page) : null;
    const charting = await measure(page, SECONDS);
    if (profiler) await profiler();
    const afterRun = await chartCounters(page);
    const heapEnd = await heapAfterGc(page);

    // Peer: the same streams keep buffering while a view with nothing live is shown (Settings:
    // the Inspector, used before, lists every frame live and was itself slower than the charts).
    await setHash(page, '#/settings');
    await sleep(2_000);
    const idle = await measure(page, BASELINE_S);

    const fpsMedian = quantile(charting.fps, 0.5);
    const growth = ((heapEnd - heapStart) / heapStart) * 100;
    const drawsPerChart = (afterRun.draws - before.draws) / SECONDS / afterRun.charts;
    const axesPerChart = (afterRun.axes - before.axes) / SECONDS / afterRun.charts;
    const samplesPerSecond = (afterRun.received - before.received) / SECONDS;
    const offered = SLOW_DEVICES * SLOW_HZ + FAST_HZ;
    console.log(summary('charting', charting, SECONDS));
    console.log(summary('peer (streams buffering, Settings shown)', idle, BASELINE_S));
    console.log(
      `charts: ${afterRun.charts}, ${f(drawsPerChart)} redraws/s per chart (${f(axesPerChart, 2)}/s had new value axes); samples received ${f(samplesPerSecond, 0)}/s of ${offered}/s offered; dropped by the broker ${afterRun.dropped}`,
    );
    console.log(
      `JS heap after GC: ${f(heapStart / 1_048_576)} MiB at start, ${f(heapEnd / 1_048_576)} MiB at end (${f(growth)} %)`,
    );
    console.log(
      `ratio: fps charting / peer ${f(fpsMedian / quantile(idle.fps, 0.5), 2)}; goal fps ≥ 50 ${fpsMedian >= 50 ? 'met' : 'NOT met'}, heap growth < 10 % ${growth < 10 ? 'met' : 'NOT met'}, redraws ≥ 30/s per chart ${drawsPerChart >= 30 ? 'met' : 'NOT met'}; load average now ${loadavg()}`,
    );
    if (problems.length) console.log(`page errors: ${problems.slice(0, 3).join(' | ')}`);
    return { fps: fpsMedian, heap: growth, draws: drawsPerChart };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) {
    console.error('bench:ui needs the built console: run `npm run build` first');
    process.exit(2);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'iotmp-bench-ui-'));
  const headless = await startHeadlessProcess(ROOT, [
    '--data-dir',
    dataDir,
    ...TEST_HEADLESS_ARGS,
    '--accept-new-devices',
  ]);
  const after = (prefix: string): string =>
    headless.lines.find((l) => l.startsWith(prefix))!.slice(prefix.length);
  const url = after('console: ');
  const tcpPort = Number(after('devices: tcp://127.0.0.1:'));

  const names = [
    ...Array.from({ length: SLOW_DEVICES }, (_, i) => `dev-${String(i + 1).padStart(2, '0')}`),
    'fast',
  ];
  const devices = names.map(
    (device, i) =>
      new SimulatedDevice({
        host: '127.0.0.1',
        port: tcpPort,
        user: USER,
        device,
        credential: CREDENTIAL,
        profile: profile(i < SLOW_DEVICES ? SLOW_HZ : FAST_HZ),
      }),
  );
  for (const d of devices) d.start();
  await Promise.all(devices.map((d) => d.waitForState('online', AbortSignal.timeout(20_000))));

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      ...CHROMIUM_ARGS,
      '--enable-precise-memory-info',
      // A page the bench serves itself (a variant) counts as public: its WebSocket to 127.0.0.1
      // would be refused by Local Network Access, so the check is off while comparing variants.
      ...(VARIANTS.some((v) => v.dir) ? ['--disable-features=LocalNetworkAccessChecks'] : []),
    ],
  });
  try {
    const results = new Map<string, Figures[]>();
    for (let round = 0; round < ROUNDS; round++)
      for (const variant of VARIANTS) {
        if (VARIANTS.length > 1 || ROUNDS > 1)
          console.log(`-- ${variant.name}, round ${round + 1} of ${ROUNDS} (load ${loadavg()})`);
        const figures = await runCharting(browser, url, names, variant, round === 0);
        results.set(variant.name, [...(results.get(variant.name) ?? []), figures]);
      }
    if (results.size > 1 || ROUNDS > 1)
      for (const [name, runs] of results)
        console.log(
          `variant ${name}: fps ${runs.map((r) => f(r.fps)).join(' / ')}, redraws/s per chart ${runs.map((r) => f(r.draws)).join(' / ')}, heap ${runs.map((r) => f(r.heap)).join(' / ')} %`,
        );
    // The RESULT is the last variant listed (the candidate), its median over the rounds.
    if (results.size > 1) console.log(`RESULT below: variant ${VARIANTS.at(-1)!.name}`);
    const runs = results.get(VARIANTS.at(-1)!.name)!;
    const med = (pick: (r: Figures) => number): number => {
      const xs = runs.map(pick).sort((a, b) => a - b);
      const mid = Math.floor(xs.length / 2);
      return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
    };
    console.log(
      `RESULT fps_median=${f(med((r) => r.fps))} heap_growth_pct=${f(med((r) => r.heap))} redraws_per_chart_s=${f(med((r) => r.draws))}`,
    );
  } finally {
    await browser.close();
    await Promise.all(devices.map((d) => d.stop()));
    headless.child.kill('SIGTERM');
    await new Promise((r) => headless.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);

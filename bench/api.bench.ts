/**
 * `npm run bench:api`: the management API's latency against a physical floor, side by side in
 * one run. The app (Studio + one simulated thermostat + the API with a console folder) and a
 * floor (a bare `node:http` server answering the same status, headers and bytes the app answered)
 * run in separate processes on 127.0.0.1; this process drives both with the same client
 * (`node:http`, keep-alive, BENCH_CONCURRENCY requests in flight, a closed loop over the routes,
 * the device routes taking BENCH_DEVICES simulated thermostats in turn, so that none goes over
 * the broker's 200 frames/s flood bound and gets disconnected):
 *   - GET the device list (`/v3/users/{user}/devices`);
 *   - GET a resource, read from the simulated device over IoTMP (`…/resources/temperature`);
 *   - POST run a resource with a JSON body (`…/resources/setpoint`);
 *   - a Thinger-compatible route (`GET /v1/users/{user}/devices/{device}`);
 *   - a static console file (`/assets/…js`, 32 KiB or BENCH_CONSOLE_KIB; the built console has
 *     one 2.8 MB script and an 87 KB stylesheet, fetched once per page load, the script then
 *     kept by the browser).
 * Rounds alternate app and floor (BENCH_ROUNDS × BENCH_ROUND_MS each, after a warm-up), so a
 * busy machine's drift hits both alike. Everything stops by itself (a hard bound exits with 1).
 * Last line: `RESULT api_p50_ms=<x> api_p99_ms=<x> api_vs_floor=<x>`, where api_vs_floor is the
 * app's p50 over the floor's p50 (all routes mixed).
 */
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnBenchChild, type Child } from './broker/child';
import type { Canned } from './api/floor';

const here = dirname(fileURLToPath(import.meta.url));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 3000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1500);
/** Read by api/server.ts too (the environment is inherited). */
const DEVICES = Number(process.env.BENCH_DEVICES ?? 16);
const HARD_BOUND_MS = 120_000 + 2 * (WARMUP_MS + ROUNDS * ROUND_MS);

interface Route {
  name: string;
  method: 'GET' | 'POST';
  /** `{n}`: the device's number. */
  path: string;
  body?: string;
}

const DEVICE = '/v3/users/site/devices/thermo-{n}';
const ROUTES: Route[] = [
  { name: 'device list', method: 'GET', path: '/v3/users/site/devices' },
  { name: 'resource read', method: 'GET', path: `${DEVICE}/resources/temperature` },
  { name: 'resource run', method: 'POST', path: `${DEVICE}/resources/setpoint`, body: '21.5' },
  { name: 'thinger device', method: 'GET', path: '/v1/users/site/devices/thermo-{n}' },
  { name: 'console file', method: 'GET', path: '/assets/index-bench.js' },
];
const on = (r: Route, n: number): Route => ({ ...r, path: r.path.replace('{n}', String(n)) });

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function send(agent: Agent, port: number, token: string, r: Route): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(r.body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () =>
      req.destroy(new Error(`${r.method} ${r.path}: no answer in 10 s`)),
    );
    req.end(r.body);
  });
}

interface Samples {
  /** Milliseconds per request, per route. */
  byRoute: number[][];
  requests: number;
  ms: number;
}

const emptySamples = (): Samples => ({ byRoute: ROUTES.map(() => []), requests: 0, ms: 0 });

/** CONCURRENCY closed loops over the routes for `ms`; every answer must be 200. */
async function load(agent: Agent, port: number, token: string, ms: number, into: Samples) {
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; performance.now() < end; i++) {
        const k = i % ROUTES.length;
        const r = on(ROUTES[k]!, Math.floor(i / ROUTES.length) % DEVICES);
        const s = performance.now();
        const a = await send(agent, port, token, r);
        if (a.status !== 200) throw new Error(`${r.method} ${r.path}: ${a.status} ${a.body}`);
        into.byRoute[k]!.push(performance.now() - s);
        into.requests++;
      }
    }),
  );
  into.ms += performance.now() - t0;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const f = (n: number, d = 2): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

async function main(): Promise<void> {
  const app = spawnBenchChild(join(here, 'api', 'server.ts'), []);
  let floor: Child | null = null;
  try {
    const ready = (await app.event('ready')) as { port: number; token: string };
    floor = spawnBenchChild(join(here, 'api', 'floor.ts'), []);
    const floorPort = ((await floor.event('ready')) as { port: number }).port;
    const appAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const floorAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

    // The floor answers what the app answered: same status, headers and bytes.
    const canned: Canned[] = [];
    const each = ROUTES.flatMap((r) =>
      r.path.includes('{n}') ? Array.from({ length: DEVICES }, (_, n) => on(r, n)) : [r],
    );
    for (const r of each) {
      const a = await send(appAgent, ready.port, ready.token, r);
      if (a.status !== 200) throw new Error(`${r.method} ${r.path}: ${a.status} ${a.body}`);
      const headers = Object.fromEntries(
        Object.entries(a.headers).filter(([k]) => !HOP_BY_HOP.has(k)),
      );
      canned.push({
        key: `${r.method} ${r.path}`,
        status: a.status,
        headers,
        body: a.body.toString('base64'),
      });
      if (!/thermo-[1-9]/.test(r.path))
        console.log(`${r.name.padEnd(15)} ${r.method} ${r.path}: ${a.body.length} bytes`);
    }
    await floor.call({ cmd: 'answers', answers: canned });

    console.log(
      `concurrency ${CONCURRENCY}, ${DEVICES} devices, ${ROUNDS} rounds of ${ROUND_MS} ms each (app, floor alternating), warm-up ${WARMUP_MS} ms`,
    );
    await load(appAgent, ready.port, ready.token, WARMUP_MS, emptySamples());
    await load(floorAgent, floorPort, ready.token, WARMUP_MS, emptySamples());
    const appS = emptySamples();
    const floorS = emptySamples();
    for (let round = 0; round < ROUNDS; round++) {
      await load(appAgent, ready.port, ready.token, ROUND_MS, appS);
      await load(floorAgent, floorPort, ready.token, ROUND_MS, floorS);
    }
    appAgent.destroy();
    floorAgent.destroy();

    console.log(`${'route'.padEnd(15)}  app p50/p99 ms   floor p50/p99 ms`);
    ROUTES.forEach((r, k) => {
      const a = appS.byRoute[k]!;
      const fl = floorS.byRoute[k]!;
      console.log(
        `${r.name.padEnd(15)}  ${f(percentile(a, 50)).padStart(6)} / ${f(percentile(a, 99)).padEnd(7)}  ${f(percentile(fl, 50)).padStart(6)} / ${f(percentile(fl, 99))}`,
      );
    });
    const all = (s: Samples): number[] => s.byRoute.flat();
    const appP50 = percentile(all(appS), 50);
    const floorP50 = percentile(all(floorS), 50);
    console.log(
      `all routes: app ${f(appP50)} / ${f(percentile(all(appS), 99))} ms, ${f((appS.requests * 1000) / appS.ms, 0)} req/s; floor ${f(floorP50)} / ${f(percentile(all(floorS), 99))} ms, ${f((floorS.requests * 1000) / floorS.ms, 0)} req/s`,
    );
    console.log(
      `RESULT api_p50_ms=${f(appP50)} api_p99_ms=${f(percentile(all(appS), 99))} api_vs_floor=${f(appP50 / floorP50)}`,
    );
  } finally {
    await floor?.call({ cmd: 'stop' }).catch(() => {});
    await floor?.kill(true);
    await app.call({ cmd: 'stop' }).catch(() => {});
    await app.kill(true);
  }
}

const bound = setTimeout(() => {
  console.error(`bench:api: not done within ${HARD_BOUND_MS} ms`);
  process.exit(1);
}, HARD_BOUND_MS);
bound.unref();
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

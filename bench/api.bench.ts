/**
 * `npm run bench:api`: the management API's latency against a physical floor, side by side in
 * one run. The app (Studio + BENCH_DEVICES simulated thermostats + the API with a console
 * folder) and a floor (a bare `node:http` server answering the same status, headers and bytes
 * the app answered) run in separate processes on 127.0.0.1; this process drives both with the
 * same client (`node:http`, keep-alive, BENCH_CONCURRENCY requests in flight, a closed loop over
 * the routes, the device routes taking the thermostats in turn, so that none goes over the
 * broker's 200 frames/s flood bound and gets disconnected):
 *   - GET the device list (`/v3/users/{user}/devices`);
 *   - GET a resource, read from the simulated device over IoTMP (`…/resources/temperature`);
 *   - POST run a resource with a JSON body (`…/resources/setpoint`);
 *   - a Thinger-compatible route (`GET /v1/users/{user}/devices/{device}`);
 *   - a static console file (`/assets/…js`, 32 KiB or BENCH_CONSOLE_KIB; the built console has
 *     one 2.8 MB script and an 87 KB stylesheet, fetched once per page load, the script then
 *     kept by the browser).
 * BENCH_BASELINE=<another checkout> adds that tree's app (its own `bench/api/server.ts`: e.g. the
 * tree before a change, with today's bench files copied in) as a third server in the same rounds.
 * Rounds take the servers in turn (BENCH_ROUNDS × BENCH_ROUND_MS each, after a warm-up), so a
 * busy machine's drift hits all alike. Besides latency, each server's CPU time per request (from
 * /proc; the app's process holds the simulated devices too): on a busy machine latency is mostly
 * waiting for a core, CPU per request is the server's own cost. Then each route alone for
 * BENCH_ROUTE_MS per server (0 skips it): that route's p50 and CPU per request. Everything stops
 * by itself (a hard bound exits with 1). Last line: `RESULT api_p50_ms=<x> api_p99_ms=<x>
 * api_vs_floor=<x> api_cpu_us_per_req=<x>` (api_vs_floor: the app's p50 over the floor's, all
 * routes mixed); with a baseline also `baseline_p50_ms baseline_p99_ms baseline_cpu_us_per_req
 * p50_vs_baseline cpu_vs_baseline`.
 */
import { Agent, request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnBenchChild, type Child } from './broker/child';
import { processCpuSeconds } from './support/procCpu';
import type { Canned } from './api/floor';

const here = dirname(fileURLToPath(import.meta.url));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 3000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1500);
const ROUTE_MS = Number(process.env.BENCH_ROUTE_MS ?? 1500);
const BASELINE = process.env.BENCH_BASELINE;
/** Read by api/server.ts too (the environment is inherited). */
const DEVICES = Number(process.env.BENCH_DEVICES ?? 16);
const HARD_BOUND_MS = 180_000 + 3 * (WARMUP_MS + ROUNDS * ROUND_MS + 5 * ROUTE_MS);

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
  /** CPU seconds the server used while loaded. */
  cpu: number;
}

const emptySamples = (): Samples => ({ byRoute: ROUTES.map(() => []), requests: 0, ms: 0, cpu: 0 });

/** A server under test: where it listens, and its process for CPU time. */
interface Target {
  name: string;
  port: number;
  pid: number;
  agent: Agent;
  mixed: Samples;
  /** Per route, that route alone. */
  alone: Samples[];
}

const target = (name: string, port: number, pid: number): Target => ({
  name,
  port,
  pid,
  agent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
  mixed: emptySamples(),
  alone: ROUTES.map(emptySamples),
});

/** CONCURRENCY closed loops over `routes` (indexes into ROUTES) for `ms`; every answer must be 200. */
async function load(t: Target, token: string, ms: number, into: Samples, routes: number[]) {
  const cpu0 = processCpuSeconds(t.pid) ?? NaN;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; performance.now() < end; i++) {
        const k = routes[i % routes.length]!;
        const r = on(ROUTES[k]!, Math.floor(i / routes.length) % DEVICES);
        const s = performance.now();
        const a = await send(t.agent, t.port, token, r);
        if (a.status !== 200)
          throw new Error(`${t.name}: ${r.method} ${r.path}: ${a.status} ${a.body}`);
        into.byRoute[k]!.push(performance.now() - s);
        into.requests++;
      }
    }),
  );
  into.ms += performance.now() - t0;
  into.cpu += (processCpuSeconds(t.pid) ?? NaN) - cpu0;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const f = (n: number, d = 2): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const ALL = ROUTES.map((_, k) => k);
const all = (s: Samples): number[] => s.byRoute.flat();
const cpuPerReq = (s: Samples): number => (s.cpu * 1e6) / s.requests;
const latency = (xs: number[]): string =>
  `${f(percentile(xs, 50)).padStart(6)} / ${f(percentile(xs, 99))}`;

/** An app server (a tree's bench/api/server.ts) in its own process, once it says ready. */
async function startApp(name: string, server: string, children: Child[]) {
  const child = spawnBenchChild(server, []);
  children.push(child);
  const ready = (await child.event('ready')) as { port: number; token: string };
  return { t: target(name, ready.port, child.proc.pid!), token: ready.token };
}

async function main(): Promise<void> {
  const children: Child[] = [];
  try {
    const { t: app, token } = await startApp('app', join(here, 'api', 'server.ts'), children);
    const targets = [app];
    if (BASELINE) {
      const server = join(resolve(BASELINE), 'bench', 'api', 'server.ts');
      targets.push((await startApp('baseline', server, children)).t);
    }
    const floorChild = spawnBenchChild(join(here, 'api', 'floor.ts'), []);
    children.push(floorChild);
    const floorPort = ((await floorChild.event('ready')) as { port: number }).port;
    const floor = target('floor', floorPort, floorChild.proc.pid!);

    // The floor answers what the app answered: same status, headers and bytes.
    const canned: Canned[] = [];
    const each = ROUTES.flatMap((r) =>
      r.path.includes('{n}') ? Array.from({ length: DEVICES }, (_, n) => on(r, n)) : [r],
    );
    for (const r of each) {
      const a = await send(app.agent, app.port, token, r);
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
    await floorChild.call({ cmd: 'answers', answers: canned });
    targets.push(floor);

    const names = targets.map((t) => t.name).join(', ');
    console.log(
      `concurrency ${CONCURRENCY}, ${DEVICES} devices, ${ROUNDS} rounds of ${ROUND_MS} ms each (${names} in turn), warm-up ${WARMUP_MS} ms; then each route alone for ${ROUTE_MS} ms per server`,
    );
    for (const t of targets) await load(t, token, WARMUP_MS, emptySamples(), ALL);
    for (let round = 0; round < ROUNDS; round++)
      for (const t of targets) await load(t, token, ROUND_MS, t.mixed, ALL);
    if (ROUTE_MS > 0)
      for (let k = 0; k < ROUTES.length; k++)
        for (const t of targets) await load(t, token, ROUTE_MS, t.alone[k]!, [k]);
    for (const t of targets) t.agent.destroy();

    console.log(
      `mixed: ${'route'.padEnd(15)}${targets.map((t) => `${t.name} p50/p99 ms`.padEnd(20)).join('')}`,
    );
    ROUTES.forEach((r, k) =>
      console.log(
        `       ${r.name.padEnd(15)}${targets.map((t) => latency(t.mixed.byRoute[k]!).padEnd(20)).join('')}`,
      ),
    );
    for (const t of targets)
      console.log(
        `all routes, ${t.name.padEnd(8)}: ${latency(all(t.mixed))} ms, ${f((t.mixed.requests * 1000) / t.mixed.ms, 0)} req/s, ${f(cpuPerReq(t.mixed), 0)} µs CPU per request`,
      );
    if (ROUTE_MS > 0) {
      console.log(
        `alone: ${'route'.padEnd(15)}${targets.map((t) => `${t.name} p50 ms, µs CPU/req`.padEnd(28)).join('')}`,
      );
      ROUTES.forEach((r, k) =>
        console.log(
          `       ${r.name.padEnd(15)}${targets.map((t) => `${f(percentile(t.alone[k]!.byRoute[k]!, 50)).padStart(6)}, ${f(cpuPerReq(t.alone[k]!), 0)}`.padEnd(28)).join('')}`,
        ),
      );
    }
    const appP50 = percentile(all(app.mixed), 50);
    let result = `RESULT api_p50_ms=${f(appP50)} api_p99_ms=${f(percentile(all(app.mixed), 99))} api_vs_floor=${f(appP50 / percentile(all(floor.mixed), 50))} api_cpu_us_per_req=${f(cpuPerReq(app.mixed), 0)}`;
    const base = targets.find((t) => t.name === 'baseline');
    if (base) {
      const baseP50 = percentile(all(base.mixed), 50);
      result += ` baseline_p50_ms=${f(baseP50)} baseline_p99_ms=${f(percentile(all(base.mixed), 99))} baseline_cpu_us_per_req=${f(cpuPerReq(base.mixed), 0)} p50_vs_baseline=${f(appP50 / baseP50)} cpu_vs_baseline=${f(cpuPerReq(app.mixed) / cpuPerReq(base.mixed))}`;
    }
    console.log(result);
  } finally {
    for (const c of children.reverse()) {
      await c.call({ cmd: 'stop' }).catch(() => {});
      await c.kill(true);
    }
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

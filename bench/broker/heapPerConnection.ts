/**
 * Where the bytes of an idle device connection go: our broker (BrokerService, production code)
 * in this process, BENCH_IDLE (default 2000) idle devices connected from a child process, and a
 * V8 heap snapshot before and after, summed by constructor: bytes per connection by component,
 * plus what lies outside the JS heap (RSS minus heap: sockets' native handles, buffers).
 * `npx tsx --expose-gc bench/broker/heapPerConnection.ts` (not part of `npm run bench:*`: a
 * diagnosis tool for docs/performance.md).
 */
import { getHeapSnapshot } from 'node:v8';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startBrokerService } from '../../src-main/app/Studio';
import { prepareBenchDevices } from './prepare';
import { spawnBenchChild, sleep } from './child';
import { TCP_ONLY_LISTENERS } from '../../src-main/transports/testing/brokerFixture';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_IDLE ?? 2000);
/** Constructors also named after their holder (OWNERS=Object,Array): whose plain objects they are. */
const OWNERS = new Set((process.env.OWNERS ?? '').split(',').filter(Boolean));
/** ANY_OWNER=1: internal nodes held only by other internal nodes are named after those too. */
const ANY_OWNER = Boolean(process.env.ANY_OWNER);

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await sleep(50);
  }
  return process.memoryUsage();
}

/** Taken after the memory figures: the snapshot's own buffers would count as external. */
async function heapByConstructor(): Promise<Map<string, { bytes: number; count: number }>> {
  const chunks: Buffer[] = [];
  for await (const c of getHeapSnapshot()) chunks.push(c as Buffer);
  const s = JSON.parse(Buffer.concat(chunks).toString()) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  // Internal nodes (arrays, closures, contexts…) are named after the object holding them (its
  // first retainer that is an object) and the edge: `Map.table`, `Session.(closure) onFrame`.
  const edgeCountAt = fields.indexOf('edge_count');
  const ef = s.snapshot.meta.edge_fields;
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const nodeName = (i: number): string => {
    const type = types[s.nodes[i + typeAt!]!]!;
    return type === 'object' || type === 'native' ? s.strings[s.nodes[i + nameAt!]!]! : `(${type})`;
  };
  const owner = new Map<number, string>();
  for (let i = 0, e = 0; i < s.nodes.length; i += fields.length) {
    const n = s.nodes[i + edgeCountAt!]!;
    const from = nodeName(i);
    const fromIsObject = !from.startsWith('(') && !from.startsWith('system /');
    for (let k = 0; k < n; k++, e += ef.length) {
      const to = s.edges[e + eTo!]!;
      if (owner.has(to) || (!fromIsObject && !ANY_OWNER)) continue;
      const et = edgeTypes[s.edges[e + eType!]!]!;
      if (et === 'weak' || et === 'shortcut') continue;
      const label =
        et === 'element' || et === 'hidden' ? `[${et}]` : String(s.strings[s.edges[e + eName!]!]);
      owner.set(to, `${from}.${label}`);
    }
  }
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const own = nodeName(i);
    const name =
      own.startsWith('(') || own.startsWith('system /') || OWNERS.has(own)
        ? `${own} ← ${owner.get(i) ?? '?'}`
        : own;
    const e = out.get(name) ?? { bytes: 0, count: 0 };
    e.bytes += s.nodes[i + sizeAt!]!;
    e.count++;
    out.set(name, e);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'iotmp-heap-'));
const service = await startBrokerService({
  dataDir: dir,
  listeners: TCP_ONLY_LISTENERS,
  limits: { maxConnectsPerSecondPerAddress: 1_000_000 },
  scryptCost: { logN: 8, r: 8, p: 1 },
});
await prepareBenchDevices(service, N);
const mem0 = await settle();
const before = await heapByConstructor();
const devices = spawnBenchChild(join(here, 'devices.ts'), [
  'iotmp',
  String(service.port('tcp')),
  String(N),
  'idle',
]);
await devices.event('connected', 300_000);
while (service.broker.connectionCount < N) await sleep(100);
await sleep(500);
const mem1 = await settle();
const after = await heapByConstructor();

const rows = [...after]
  .map(([k, v]) => {
    const b = before.get(k) ?? { bytes: 0, count: 0 };
    return { k, bytes: (v.bytes - b.bytes) / N, count: (v.count - b.count) / N };
  })
  .filter((r) => Math.abs(r.bytes) >= 8)
  .sort((a, b) => b.bytes - a.bytes);
const heap = rows.reduce((s, r) => s + r.bytes, 0);
console.log(`${N} idle connections; per connection:`);
console.log(
  `  RSS ${((mem1.rss - mem0.rss) / N).toFixed(0)} B, V8 heap used ${((mem1.heapUsed - mem0.heapUsed) / N).toFixed(0)} B (snapshot sum ${heap.toFixed(0)} B), external ${((mem1.external - mem0.external) / N).toFixed(0)} B (array buffers ${((mem1.arrayBuffers - mem0.arrayBuffers) / N).toFixed(0)} B)`,
);
for (const r of rows.slice(0, Number(process.env.TOP ?? 40)))
  console.log(`  ${r.bytes.toFixed(0).padStart(6)} B  ${r.count.toFixed(2).padStart(5)} ×  ${r.k}`);
await devices.kill();
await service.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);

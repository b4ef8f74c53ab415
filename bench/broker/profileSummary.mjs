#!/usr/bin/env node
/**
 * Summarises a `.cpuprofile` (BENCH_PROFILE=1 or `node --cpu-prof`): the top frames by self time
 * and by total (inclusive) time, with their share of the sampled time.
 * Usage: node bench/broker/profileSummary.mjs <file.cpuprofile> [top=25] [filter]
 */
import { readFileSync } from 'node:fs';

const [file, topArg, filter] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/broker/profileSummary.mjs <file.cpuprofile> [top] [filter]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the deltas (µs); self time per node.
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

const name = (n) => {
  const f = n.callFrame;
  const where = f.url
    ? `${f.url.replace(/^.*\/(src-main|node_modules|bench)\//, '$1/')}:${f.lineNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};

const selfByName = new Map();
const totalByName = new Map();
for (const [id, dt] of self) {
  const n = byId.get(id);
  selfByName.set(name(n), (selfByName.get(name(n)) ?? 0) + dt);
  // Inclusive: each distinct frame name on the stack once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    totalByName.set(k, (totalByName.get(k) ?? 0) + dt);
  }
}
const idle = [...selfByName].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
const busy = total - idle;
const pct = (v) => `${((100 * v) / busy).toFixed(1).padStart(5)} %`;
const show = (title, m) => {
  console.log(
    `\n${title} (share of ${(busy / 1000).toFixed(0)} ms busy; idle ${(idle / 1000).toFixed(0)} ms)`,
  );
  [...m]
    .filter(([k]) => !k.startsWith('(idle)') && k !== '(root)' && (!filter || k.includes(filter)))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, v]) => console.log(`${pct(v)}  ${k}`));
};
show('self', selfByName);
show('total', totalByName);

/**
 * BENCH_PROFILE: a CPU profile of a benchmark child's measured window only (not start-up or
 * connecting), written as `.cache/bench-prof/<name>-<time>.cpuprofile` (DevTools format; open it
 * in Chrome's Performance panel or summarise it with `node bench/broker/profileSummary.mjs`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { join } from 'node:path';

let profiler: InspectorSession | null = null;

export const profiling = (): boolean => Boolean(process.env.BENCH_PROFILE);

export async function startProfile(): Promise<void> {
  profiler = new InspectorSession();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 1000 });
  await profiler.post('Profiler.start');
}

export async function stopProfile(name: string): Promise<void> {
  if (!profiler) return;
  const { profile } = await profiler.post('Profiler.stop');
  mkdirSync('.cache/bench-prof', { recursive: true });
  const file = join('.cache/bench-prof', `${name}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`profile: ${file}`);
  profiler.disconnect();
  profiler = null;
}

/**
 * `npm run fuzz [-- --cases N --seed S]`: runs every codec property for N cases in total
 * (default 1,000,000) and prints the count, the time, and for a failure its seed and path so it
 * can be replayed with `--seed S --path P`.
 */
import fc from 'fast-check';
import { Command, InvalidArgumentError } from 'commander';
import { properties } from './properties';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive integer');
  return n;
}

const opts = new Command('fuzz')
  .description('property-based fuzzing of the IOTMP codec')
  .option('--cases <n>', 'total cases across all properties', positiveInt, 1_000_000)
  .option('--seed <n>', 'seed to replay a failure', (v) => Number(v))
  .option('--path <p>', 'counterexample path to replay (with --seed)')
  .option('--only <name>', 'run the properties whose name contains this text')
  .parse()
  .opts<{ cases: number; seed?: number; path?: string; only?: string }>();

const selected = Object.entries(properties).filter(
  ([name]) => !opts.only || name.includes(opts.only),
);
const perProperty = Math.ceil(opts.cases / selected.length);
let total = 0;
let failures = 0;
const started = performance.now();
for (const [name, property] of selected) {
  const t0 = performance.now();
  const details = fc.check(property, {
    numRuns: perProperty,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.path !== undefined ? { path: opts.path } : {}),
  });
  total += details.numRuns;
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (details.failed) {
    failures++;
    console.log(`FAIL ${name}: ${details.numRuns} cases, ${secs}s`);
    console.log(`  seed=${details.seed} path=${details.counterexamplePath ?? ''}`);
    console.log(`  counterexample: ${fc.stringify(details.counterexample)}`);
    console.log(`  error: ${String(details.errorInstance)}`);
    console.log(
      `  replay: npm run fuzz -- --only '${name}' --seed ${details.seed} --path '${details.counterexamplePath ?? ''}'`,
    );
  } else {
    console.log(`ok   ${name}: ${details.numRuns} cases, ${secs}s (seed ${details.seed})`);
  }
}
const secs = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${total} cases in ${secs}s, ${failures} failing properties`);
process.exitCode = failures ? 1 : 0;

#!/usr/bin/env node
// @ts-check
// `npm test` after set-up: lint, typecheck, build, then vitest, stopping at the first failure.
// The last line is always the summary CI reads: `tests: N passed, M failed[, K skipped]`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeFor, nodeTarget } from './lib/native-abi.mjs';
import { formatSummary, summarize } from './lib/vitest-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {string} command
 * @param {string[]} args
 * @returns {number} exit status (1 when the command could not run)
 */
function run(command, args) {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) console.error(`test: could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/**
 * Prints the closing line and exits.
 * @returns {never}
 */
function finish(/** @type {string} */ line, /** @type {number} */ code) {
  console.log(line);
  process.exit(code);
}

// The tests load better-sqlite3 and serialport in Node: rebuilt for it if `npm start` last built
// them for Electron.
ensureNativeFor(root, nodeTarget());

for (const step of ['lint', 'typecheck', 'build']) {
  const status = run('npm', ['run', step]);
  if (status !== 0) {
    console.error(`test: npm run ${step} failed (exit ${status}); no test ran`);
    finish(formatSummary({ passed: 0, failed: 1, skipped: 0 }), 1);
  }
}

const reportDir = mkdtempSync(join(tmpdir(), 'iotmp-vitest-'));
const reportFile = join(reportDir, 'report.json');
const vitestStatus = run(process.execPath, [
  join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${reportFile}`,
]);
const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : null;
rmSync(reportDir, { recursive: true, force: true });

if (!report) {
  console.error(`test: vitest wrote no report (exit ${vitestStatus})`);
  finish(formatSummary({ passed: 0, failed: 1, skipped: 0 }), 1);
}
let { passed, failed, skipped } = summarize(report);
if (vitestStatus !== 0 && failed === 0) {
  // For example an unhandled error outside any test: vitest fails the run, so must the summary.
  console.error(`test: vitest exited ${vitestStatus} without a failing test: counted as a failure`);
  failed = 1;
}
if (passed === 0 && failed === 0) console.error('test: no test ran');
finish(formatSummary({ passed, failed, skipped }), failed === 0 && passed > 0 ? 0 : 1);

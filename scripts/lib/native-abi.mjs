// @ts-check
// Native modules (better-sqlite3, serialport's bindings) are built for one V8 ABI at a time:
// `npm ci` builds them for Node (tests, headless mode); the desktop app needs them built for
// Electron. This records which runtime they were last built for (node_modules/.iotmp-native-abi)
// and rebuilds them only when the runtime about to run differs, so switching between `npm start`
// (Electron) and `npm test` (Node) always works. Node built-ins only (runs before anything else).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The production dependencies with native parts (what a mismatch breaks). */
const NATIVE_MODULES = ['better-sqlite3', '@serialport/bindings-cpp'];
export const ABI_STAMP = join('node_modules', '.iotmp-native-abi');

/**
 * The build target of a runtime: Node by its module ABI (process.versions.modules), Electron by
 * its version (its ABI follows from it; @electron/rebuild knows the headers).
 * @typedef {{ runtime: 'node', abi: string } | { runtime: 'electron', version: string }} NativeTarget
 */

/** @returns {NativeTarget} */
export const nodeTarget = (versions = process.versions) => ({
  runtime: 'node',
  abi: String(versions.modules),
});

/**
 * The Electron the app would launch: the version of the installed `electron` package.
 * @returns {NativeTarget}
 */
export function electronTarget(/** @type {string} */ root) {
  const require = createRequire(join(root, 'package.json'));
  const pkg = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'));
  return { runtime: 'electron', version: String(pkg.version) };
}

const targetLabel = (/** @type {NativeTarget} */ t) =>
  t.runtime === 'node' ? `node-abi${t.abi}` : `electron-${t.version}`;

/** What the stamp says native modules were built for; null when unknown. */
function builtFor(/** @type {string} */ root) {
  const file = join(root, ABI_STAMP);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

function recordBuiltFor(/** @type {string} */ root, /** @type {NativeTarget} */ t) {
  writeFileSync(join(root, ABI_STAMP), `${targetLabel(t)}\n`);
}

/**
 * The command that rebuilds the native modules for `t` (argv, run in root).
 * @param {string} root
 * @param {NativeTarget} t
 * @returns {string[]}
 */
function rebuildCommand(root, t) {
  if (t.runtime === 'node') return ['npm', 'rebuild', ...NATIVE_MODULES];
  const require = createRequire(join(root, 'package.json'));
  const cli = join(dirname(require.resolve('@electron/rebuild/package.json')), 'lib', 'cli.js');
  return [
    process.execPath,
    cli,
    '--version',
    t.version,
    '--only',
    NATIVE_MODULES.join(','),
    '--force',
    '--module-dir',
    root,
  ];
}

/**
 * Whether better-sqlite3 opens in this Node (a child process, so a failed load cannot poison
 * ours). Used when no stamp exists yet: after `npm ci` the modules are built for this Node.
 */
function loadsInNode(/** @type {string} */ root) {
  const r = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3'))(':memory:').close()"],
    { cwd: root, encoding: 'utf8' },
  );
  return r.status === 0;
}

/**
 * Makes the native modules match `t`: nothing when the stamp says they do, else the rebuild
 * command, then the stamp. `run` is injected by tests (returns the exit status).
 * @param {string} root
 * @param {NativeTarget} t
 * @param {{ run?: (argv: string[]) => number, log?: (line: string) => void, probe?: () => boolean }} [io]
 * @returns {'ready' | 'rebuilt'}
 */
export function ensureNativeFor(root, t, io = {}) {
  const log = io.log ?? ((line) => console.log(line));
  const run =
    io.run ??
    ((argv) => {
      const [cmd = '', ...args] = argv;
      const r = spawnSync(cmd, args, {
        cwd: root,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
      return r.status ?? 1;
    });
  const wanted = targetLabel(t);
  let have = builtFor(root);
  if (have === null && t.runtime === 'node' && (io.probe ?? (() => loadsInNode(root)))()) {
    recordBuiltFor(root, t); // fresh `npm ci`: built for this Node
    have = wanted;
  }
  if (have === wanted) return 'ready';
  log(
    `native modules: built for ${have ?? 'an unknown runtime'}, ${wanted} is about to run: rebuilding ${NATIVE_MODULES.join(', ')}`,
  );
  const argv = rebuildCommand(root, t);
  const status = run(argv);
  if (status !== 0)
    throw new Error(
      `rebuilding the native modules for ${wanted} failed (exit ${status}): ${argv.join(' ')}`,
    );
  recordBuiltFor(root, t);
  return 'rebuilt';
}

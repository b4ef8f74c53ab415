// @ts-check
// Whether the built main process / console (out/) is older than the sources, and building it.
// Shared by `npm start`, `npm run serve` and the `iotmp` command, which all run built JavaScript.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the build reads: a newer file here means out/ is stale. */
const BUILD_INPUTS = [
  'src-main',
  'src-preload',
  'src-renderer',
  'electron.vite.config.ts',
  'package.json',
];

/** Newest modification time under `path` (a file or a folder), in ms; 0 when absent. */
function newestMtime(/** @type {string} */ path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * True when `built` (a file of out/) is missing or older than any build input. In an installed
 * copy without the sources only a missing file counts.
 * @param {string} root
 * @param {string} built path relative to root, e.g. out/main/index.js
 * @param {string[]} [inputs]
 */
export function buildIsStale(root, built, inputs = BUILD_INPUTS) {
  const file = join(root, built);
  if (!existsSync(file)) return true;
  const newestInput = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  return newestInput > statSync(file).mtimeMs;
}

/** Builds main, preload and renderer (electron-vite) when out/main/index.js is stale. */
export function buildIfStale(/** @type {string} */ root) {
  if (!buildIsStale(root, join('out', 'main', 'index.js'))) return;
  const require = createRequire(join(root, 'package.json'));
  const cli = join(
    dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

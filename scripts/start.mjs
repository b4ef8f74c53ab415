#!/usr/bin/env node
// @ts-check
// `npm start`: the desktop app when an Electron binary is installed, headless mode otherwise.
// Arguments after `npm start --` are passed on to either.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './lib/electron-binary.mjs';
import { runAndExit } from './lib/run-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const require = createRequire(import.meta.url);

/** Newest modification time under `path` (a file or a folder), in ms. */
function newestMtime(/** @type {string} */ path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale() {
  const built = join(root, 'out', 'main', 'index.js');
  if (!existsSync(built)) return true;
  const inputs = [
    'src-main',
    'src-preload',
    'src-renderer',
    'electron.vite.config.ts',
    'package.json',
  ];
  const newestInput = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  return newestInput > statSync(built).mtimeMs;
}

/** Builds main, preload and renderer when the sources are newer than the build. */
function buildIfStale() {
  if (!buildIsStale()) return;
  const cli = join(
    dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const electron = findElectronBinary(root);
// Both the desktop app and headless mode show the built renderer (headless mode serves it as the
// web console), so both need a current build.
buildIfStale();
if (electron) {
  // package.json "main" points at the built main process (out/main/index.js).
  runAndExit(electron, ['.', ...args], { cwd: root, name: 'start' });
} else {
  console.log(
    'start: no Electron binary is installed (set-up skips its download), so starting headless mode instead.',
  );
  // `--import tsx`, not the tsx CLI: one process, so our signals reach the server itself.
  runAndExit(
    process.execPath,
    ['--import', 'tsx', join(root, 'src-main', 'headless.ts'), ...args],
    {
      cwd: root,
      name: 'start',
    },
  );
}

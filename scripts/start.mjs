#!/usr/bin/env node
// @ts-check
// `npm start`: the desktop app when an Electron binary is installed, headless mode otherwise.
// Arguments after `npm start --` are passed on to either.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-state.mjs';
import { findElectronBinary } from './lib/electron-binary.mjs';
import { electronTarget, ensureNativeFor, nodeTarget } from './lib/native-abi.mjs';
import { runAndExit } from './lib/run-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const electron = findElectronBinary(root);
// Both the desktop app and headless mode show the built renderer (headless mode serves it as the
// web console), so both need a current build.
buildIfStale(root);
// Native modules (better-sqlite3, serialport) built for the runtime about to run.
ensureNativeFor(root, electron ? electronTarget(root) : nodeTarget());
if (electron) {
  // package.json "main" points at the built main process (out/main/index.js).
  runAndExit(electron, ['.', ...args], { cwd: root, name: 'start' });
} else {
  console.log(
    'start: no Electron binary is installed (set-up skips its download), so starting headless mode instead.',
  );
  // The built headless entry (out/main/headless.js), in this process's Node: no TypeScript at
  // run time. One child process, so our signals reach the server itself.
  runAndExit(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args], {
    cwd: root,
    name: 'start',
  });
}

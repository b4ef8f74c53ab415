#!/usr/bin/env node
// @ts-check
// `npm run serve`: headless mode (the built out/main/headless.js, built first when the sources
// are newer). Arguments after `--` go to it. Through run-child so that SIGTERM to npm reaches the
// server (see run-child.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-state.mjs';
import { ensureNativeFor, nodeTarget } from './lib/native-abi.mjs';
import { runAndExit } from './lib/run-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
buildIfStale(root);
ensureNativeFor(root, nodeTarget());
runAndExit(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...process.argv.slice(2)], {
  cwd: root,
  name: 'serve',
});

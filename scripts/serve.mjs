#!/usr/bin/env node
// @ts-check
// `npm run serve`: headless mode from the TypeScript sources. Arguments after `--` go to it.
// Through run-child so that SIGTERM to npm reaches the server (see run-child.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAndExit } from './lib/run-child.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
runAndExit(
  process.execPath,
  ['--import', 'tsx', join(root, 'src-main', 'headless.ts'), ...process.argv.slice(2)],
  { cwd: root, name: 'serve' },
);

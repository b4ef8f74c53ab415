#!/usr/bin/env node
// `iotmp` command: runs the built CLI (out/main/cli.js, built by `npm run build` with the rest of
// main), so nothing compiles TypeScript at run time. In a source checkout whose build is missing
// or older than the sources, it runs the sources through tsx (a devDependency) instead, so the
// command never runs stale code; an installed copy without tsx says how to build.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsStale } from '../scripts/lib/build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join('out', 'main', 'cli.js');

if (!buildIsStale(root, built, ['src-main', 'package.json'])) {
  await import(pathToFileURL(join(root, built)).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('iotmp: the CLI is not built: run `npm run build` in ' + root);
    process.exit(1);
  }
  register();
  await import('../src-main/cli/main.ts');
}

#!/usr/bin/env node
// @ts-check
// Set-up shared by `npm start` and `npm test` on a fresh Debian/Ubuntu machine. Node built-ins
// only, because node_modules may not exist yet.
//   node scripts/setup.mjs          installs npm dependencies when node_modules is missing or stale
//   node scripts/setup.mjs --test   also makes sure the Debian packages the test suite needs are
//                                   installed (as root it installs them; otherwise it prints the
//                                   exact apt-get line and exits 1)
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, fileHash, installReason, manifestFile } from './lib/install-state.mjs';
import {
  DPKG_FORMAT,
  TEST_PACKAGES,
  aptInstallLine,
  missingPackages,
} from './lib/system-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const withTestPackages = process.argv.includes('--test');

/** @param {string} message */
function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function run(command, args, env = process.env) {
  console.log(`setup: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32', // npm is npm.cmd on Windows
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function installNpmDependencies() {
  const reason = installReason(root);
  const stamp = join(root, STAMP_FILE);
  if (reason === null) {
    // Installed by hand and in step with the lockfile: record that, so later checks use the hash.
    if (!existsSync(stamp)) writeFileSync(stamp, `${fileHash(manifestFile(root))}\n`);
    return;
  }
  const manifest = manifestFile(root);
  const hasLockfile = manifest.endsWith('package-lock.json');
  console.log(`setup: ${reason}: installing npm dependencies`);
  run('npm', hasLockfile ? ['ci'] : ['install'], {
    ...process.env,
    // Electron's and Playwright's own binaries are downloaded from outside the npm registry,
    // which CI and many plant networks cannot reach. `npm start` falls back to headless mode
    // without Electron, and UI tests use Debian's chromium.
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  });
  writeFileSync(stamp, `${fileHash(manifestFile(root))}\n`);
}

function ensureTestPackages() {
  const names = TEST_PACKAGES.map((p) => p.name);
  if (process.env['IOTMP_SKIP_SYSTEM_PACKAGES'] === '1') {
    console.log('setup: IOTMP_SKIP_SYSTEM_PACKAGES=1: not checking Debian packages');
    return;
  }
  // dpkg-query exits 1 when some package is unknown to dpkg; its stdout still lists the others.
  const query = spawnSync('dpkg-query', ['-W', `-f=${DPKG_FORMAT}`, ...names], {
    encoding: 'utf8',
  });
  if (query.error) {
    fail(
      `dpkg-query not found: the test suite is set up for Debian/Ubuntu. Elsewhere install the equivalents of: ${names.join(' ')}, then run with IOTMP_SKIP_SYSTEM_PACKAGES=1`,
    );
  }
  const missing = missingPackages(names, query.stdout);
  if (missing.length === 0) return;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `setup: the tests need Debian packages that are not installed (${missing.join(', ')}); install them with this line, then retry:`,
    );
    console.error(aptInstallLine(missing));
    process.exit(1);
  }
  console.log(`setup: installing Debian packages for the tests: ${missing.join(' ')}`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], aptEnv);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], aptEnv);
}

installNpmDependencies();
if (withTestPackages) ensureTestPackages();

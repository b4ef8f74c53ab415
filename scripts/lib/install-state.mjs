// @ts-check
// Whether node_modules matches the lockfile. Dependency-free: runs before node_modules exists.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = join('node_modules', '.setup-stamp');

/**
 * The file whose hash the stamp records: the lockfile, or package.json when there is none.
 * @param {string} root
 */
export function manifestFile(root) {
  const lock = join(root, 'package-lock.json');
  return existsSync(lock) ? lock : join(root, 'package.json');
}

/** @param {string} file */
export function fileHash(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Why `npm ci`/`npm install` must run, or null when node_modules is up to date.
 * Up to date means: the stamp holds the manifest's hash; or, with no stamp yet (a tree installed
 * by hand), npm's own record node_modules/.package-lock.json is not older than the lockfile.
 * @param {string} root
 * @returns {string | null}
 */
export function installReason(root) {
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  const manifest = manifestFile(root);
  const stamp = join(root, STAMP_FILE);
  if (existsSync(stamp)) {
    return readFileSync(stamp, 'utf8').trim() === fileHash(manifest)
      ? null
      : `${manifest.endsWith('package-lock.json') ? 'package-lock.json' : 'package.json'} changed since the last install`;
  }
  const npmRecord = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(npmRecord) && statSync(npmRecord).mtimeMs >= statSync(manifest).mtimeMs) {
    return null;
  }
  return 'node_modules is older than package-lock.json';
}

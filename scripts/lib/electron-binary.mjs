// @ts-check
// Finds the Electron executable the same way the `electron` package does (node_modules/electron/
// path.txt names it inside dist/), without loading that package, which throws when its binary
// was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @param {string} root project root
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | null} absolute path of an existing Electron executable, or null
 */
export function findElectronBinary(root, env = process.env) {
  let packageDir;
  try {
    const require = createRequire(join(root, 'package.json'));
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  let executable;
  if (override) executable = join(override, relative || 'electron');
  else if (relative) executable = join(packageDir, 'dist', relative);
  else return null;
  return existsSync(executable) ? executable : null;
}

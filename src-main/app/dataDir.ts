/**
 * The app's data folder, the same one Electron's `app.getPath('userData')` gives, so the desktop
 * app and headless mode share devices, credentials and the TLS certificate.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

const PRODUCT_NAME = 'IoTMP Studio';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

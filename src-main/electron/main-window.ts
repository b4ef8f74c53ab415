import { app, BrowserWindow, shell, type Session } from 'electron';
import { fileURLToPath } from 'node:url';

// Built layout (electron-vite): out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererHtml = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

/** Sites the app may open in the system browser (documentation); nothing else leaves the app. */
const EXTERNAL_HOSTS: readonly string[] = [
  'docs.thinger.io',
  'thinger.io',
  'iotmp.io',
  'github.com',
];

/** Whether a link may be handed to the system browser: https to an allow-listed host only. */
function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' && !u.username && !u.password && EXTERNAL_HOSTS.includes(u.hostname)
    );
  } catch {
    return false;
  }
}

/** Permissions the console uses (copy buttons); every other request and check is denied. */
const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** Deny-by-default permission handlers for the window's session. */
function lockDownPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.includes(permission)),
  );
  session.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.includes(permission));
}

/** Whether a frame URL is the app's own renderer (built file, or the dev server in development). */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServerUrl && u.origin === new URL(devServerUrl).origin) return true;
  return u.protocol === 'file:' && fileURLToPath(u) === rendererHtml;
}

export function createMainWindow(): BrowserWindow {
  const mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'IoTMP Studio',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });

  mainWindow.once('ready-to-show', () => mainWindow.show());

  // The renderer never opens windows, navigates or is redirected away: allow-listed links go to
  // the system browser, anything else is dropped.
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stay = (event: { preventDefault: () => void }, url: string): void => {
    if (url !== mainWindow.webContents.getURL()) event.preventDefault();
  };
  mainWindow.webContents.on('will-navigate', stay);
  mainWindow.webContents.on('will-redirect', stay);
  lockDownPermissions(mainWindow.webContents.session);

  // `electron-vite dev` serves the renderer with hot reload; otherwise load the built files.
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadFile(rendererHtml);

  return mainWindow;
}

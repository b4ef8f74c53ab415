// Electron entry, kept thin: the same services as headless mode (app/Studio: the broker, serial
// ports and flashing, the contract's ApiServer) exposed to the window over IPC instead of HTTP.
// Window, menu and life cycle details live in src-main/electron/.
import { app, BrowserWindow, ipcMain } from 'electron';
import { Studio } from './app/Studio';
import { bindIpc } from './api/ipc';
import { createMainWindow, isAppUrl } from './electron/main-window';

// One instance per user: a second launch focuses the window instead of fighting over the ports.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let studio: Studio | null = null;
  let unbind: (() => void) | null = null;
  let stopping = false;

  app.on('second-instance', () => {
    const w = BrowserWindow.getAllWindows()[0];
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
  });

  app
    .whenReady()
    .then(async () => {
      studio = await Studio.start({
        dataDir: app.getPath('userData'),
        log: (level, m) => (level === 'warn' ? console.warn(m) : console.log(m)),
      });
      for (const f of studio.broker.listeners.failures) console.warn(`not listening: ${f.message}`);
      unbind = bindIpc(ipcMain, studio.api(), { trusted: isAppUrl });
      createMainWindow();
      // macOS: re-create a window when the dock icon is clicked and none is open.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('IoTMP Studio could not start:', error);
      app.exit(1);
    });

  // Graceful shutdown: IPC unbound, flash jobs cancelled, serial ports closed, devices
  // disconnected, listeners and SQLite closed.
  app.on('before-quit', (event) => {
    if (stopping || !studio) return;
    event.preventDefault();
    stopping = true;
    unbind?.();
    studio.stop().finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// Electron entry, kept thin: the same services as headless mode (BrokerService + the contract's
// ApiServer) exposed to the window over IPC instead of HTTP. Window, menu and life cycle details
// live in src-main/electron/.
import { app, BrowserWindow, ipcMain } from 'electron';
import { BrokerService } from './app/BrokerService';
import { createApiServer } from './api/handlers';
import { bindIpc } from './api/ipc';
import { createMainWindow } from './electron/main-window';

// One instance per user: a second launch focuses the window instead of fighting over the ports.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let service: BrokerService | null = null;
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
      service = await BrokerService.start({
        dataDir: app.getPath('userData'),
        log: (level, m) => (level === 'warn' ? console.warn(m) : console.log(m)),
      });
      for (const f of service.listeners.failures) console.warn(`not listening: ${f.message}`);
      unbind = bindIpc(ipcMain, createApiServer(service));
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

  // Graceful shutdown: IPC unbound, devices disconnected, listeners and SQLite closed.
  app.on('before-quit', (event) => {
    if (stopping || !service) return;
    event.preventDefault();
    stopping = true;
    unbind?.();
    service.stop().finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// Electron entry: kept thin on purpose. Window, menu and app life cycle live in src-main/electron/;
// the services (broker, serial, flashing) will be wired by one composition root shared with
// headless mode (src-main/headless.ts).
import { app, BrowserWindow } from 'electron';
import { createMainWindow } from './electron/main-window';

app
  .whenReady()
  .then(() => {
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

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

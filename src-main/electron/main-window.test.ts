/**
 * The desktop window's security settings (issue 5): contextIsolation, sandbox, no
 * nodeIntegration, no new windows, no navigation away. Electron's binary cannot run here, so the
 * `electron` module is replaced by a recorder of what the window is created with.
 */
import { describe, expect, it, vi } from 'vitest';

const created: { options: Record<string, unknown>; handlers: Record<string, unknown> }[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: (h: unknown) => (created.at(-1)!.handlers.windowOpen = h),
      on: (e: string, h: unknown) => (created.at(-1)!.handlers[e] = h),
      getURL: () => 'file:///app/index.html',
      session: {
        setPermissionRequestHandler: (h: unknown) =>
          (created.at(-1)!.handlers.permissionRequest = h),
        setPermissionCheckHandler: (h: unknown) => (created.at(-1)!.handlers.permissionCheck = h),
      },
    };
    constructor(options: Record<string, unknown>) {
      created.push({ options, handlers: {} });
    }
    once(): void {}
    show(): void {}
    loadFile(): Promise<void> {
      return Promise.resolve();
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  return { app: { isPackaged: true }, BrowserWindow, shell: { openExternal: vi.fn() } };
});

describe('the main window', () => {
  it('isolates the page: contextIsolation, sandbox, no nodeIntegration, web security on', async () => {
    const { createMainWindow } = await import('./main-window');
    createMainWindow();
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('opens no new windows and does not navigate away', async () => {
    const open = created[0]!.handlers.windowOpen as (d: { url: string }) => { action: string };
    expect(open({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    (created[0]!.handlers['will-navigate'] as (e: unknown, u: string) => void)(
      { preventDefault },
      'https://evil.example',
    );
    expect(preventDefault).toHaveBeenCalled();
  });

  it('hands only allow-listed https links to the system browser', async () => {
    const { shell } = await import('electron');
    const open = created[0]!.handlers.windowOpen as (d: { url: string }) => { action: string };
    for (const url of [
      'https://evil.example/',
      'http://docs.thinger.io/',
      'https://user:pw@docs.thinger.io/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ])
      open({ url });
    expect(shell.openExternal).not.toHaveBeenCalled();
    open({ url: 'https://docs.thinger.io/iotmp' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.thinger.io/iotmp');
  });

  it('refuses redirects away and denies permissions by default', () => {
    const preventDefault = vi.fn();
    (created[0]!.handlers['will-redirect'] as (e: unknown, u: string) => void)(
      { preventDefault },
      'https://evil.example',
    );
    expect(preventDefault).toHaveBeenCalled();
    const request = created[0]!.handlers.permissionRequest as (
      wc: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const check = created[0]!.handlers.permissionCheck as (wc: unknown, p: string) => boolean;
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'serial'])
      request(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(check(null, 'media')).toBe(false);
    request(null, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    expect(answers.at(-1)).toBe(true);
  });
});

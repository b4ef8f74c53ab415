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
});

/** Test support: Electron's ipcMain and one window's ipcRenderer, wired to each other in memory. */
import type { IpcRendererLike } from '../../src-preload/ipcTransport';
import type { IpcEvent, IpcMainLike } from './ipc';
import type { IpcSender } from './ipcWindows';

/** ipcMain and one window's ipcRenderer, wired to each other in memory. */
export function fakeIpc(
  frame: IpcEvent['senderFrame'] = { url: 'file:///app/index.html', parent: null },
): {
  main: IpcMainLike;
  renderer: IpcRendererLike;
  destroy(): void;
  handlers: Map<string, unknown>;
} {
  const handlers = new Map<string, (e: IpcEvent, ...a: unknown[]) => unknown>();
  const mainListeners = new Map<string, (e: IpcEvent, ...a: unknown[]) => void>();
  const rendererListeners = new Map<string, (e: unknown, ...a: unknown[]) => void>();
  let destroyed = false;
  const onDestroyed: (() => void)[] = [];
  const sender: IpcSender = {
    id: 1,
    send: (ch, ...args) => rendererListeners.get(ch)?.({}, ...args),
    isDestroyed: () => destroyed,
    once: (_e, l) => onDestroyed.push(l),
  };
  return {
    handlers,
    main: {
      handle: (ch, l) => void handlers.set(ch, l),
      removeHandler: (ch) => void handlers.delete(ch),
      on: (ch, l) => mainListeners.set(ch, l),
      removeAllListeners: (ch) => mainListeners.delete(ch),
    },
    renderer: {
      invoke: async (ch, ...args) => {
        const h = handlers.get(ch);
        if (!h) throw new Error(`No handler registered for '${ch}'`);
        return structuredClone(await h({ sender, senderFrame: frame }, ...structuredClone(args)));
      },
      send: (ch, ...args) =>
        mainListeners.get(ch)?.({ sender, senderFrame: frame }, ...structuredClone(args)),
      on: (ch, l) => rendererListeners.set(ch, l),
    },
    destroy: () => {
      destroyed = true;
      for (const l of onDestroyed) l();
    },
  };
}

/**
 * The contract bound to Electron's IPC, written against minimal shapes of `ipcMain` so it is
 * tested without Electron (src-main/electron/ passes the real ones). Each call has its own
 * channel; every input is validated by the ApiServer; calls can be cancelled; a window's
 * subscriptions end when the window goes away.
 */
import { calls, type CallName } from '../contract/calls';
import {
  CANCEL_CHANNEL,
  EVENT_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  callChannel,
  type IpcReply,
} from '../contract/ipcChannels';
import type { ApiServer } from './ApiServer';
import {
  IPC_MAX_PENDING_PER_WINDOW,
  IPC_MAX_SUBSCRIPTIONS_PER_WINDOW,
  IpcWindows,
  type IpcSender,
} from './ipcWindows';
import { ApiError, ApiErrorCode } from '../contract';

export interface IpcEvent {
  sender: IpcSender;
  /** The frame that sent the message (Electron's `senderFrame`): null once it is gone. */
  senderFrame?: { url: string; parent: unknown } | null;
}

/** The part of `ipcMain` the binding needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

const validId = (id: unknown): id is number =>
  typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;

function errorReply(e: unknown): IpcReply {
  const err = e instanceof ApiError ? e : new ApiError(ApiErrorCode.INTERNAL, 'internal error');
  return { ok: false, error: err.toJSON() };
}

export interface BindIpcOptions {
  /**
   * Whether a page URL is the app's own renderer. Messages from any other frame (an iframe, a
   * page the window was somehow navigated to) are refused: the API manages devices.
   */
  trusted?: (url: string) => boolean;
}

type FromApp = (event: IpcEvent) => boolean;

const notFromApp = (): IpcReply =>
  errorReply(new ApiError(ApiErrorCode.FORBIDDEN, 'only the app window may call the API'));

/** One call's channel: checked, bounded per window, cancellable by its request id. */
function callHandler(api: ApiServer, windows: IpcWindows, fromApp: FromApp, name: CallName) {
  return async (event: IpcEvent, requestId: unknown, input: unknown): Promise<IpcReply> => {
    if (!fromApp(event)) return notFromApp();
    if (!validId(requestId))
      return errorReply(
        new ApiError(ApiErrorCode.BAD_REQUEST, 'a call needs a numeric request id'),
      );
    const w = windows.of(event.sender);
    if (w.calls.size >= IPC_MAX_PENDING_PER_WINDOW) {
      return errorReply(new ApiError(ApiErrorCode.RATE_LIMITED, 'too many calls in progress'));
    }
    const ctl = new AbortController();
    w.calls.set(requestId, ctl);
    try {
      return { ok: true, result: await api.call(name, input, ctl.signal) };
    } catch (e) {
      return errorReply(e);
    } finally {
      w.calls.delete(requestId);
    }
  };
}

/** A subscription: events (or its error) go back to the window on EVENT_CHANNEL under its id. */
function subscribeHandler(api: ApiServer, windows: IpcWindows, fromApp: FromApp) {
  return (event: IpcEvent, id: unknown, topic: unknown, params: unknown): void => {
    if (!fromApp(event) || !validId(id) || typeof topic !== 'string') return;
    const w = windows.of(event.sender);
    const send = (payload: unknown): void => {
      if (!event.sender.isDestroyed()) event.sender.send(EVENT_CHANNEL, id, { event: payload });
    };
    if (w.subs.size >= IPC_MAX_SUBSCRIPTIONS_PER_WINDOW || w.subs.has(id)) {
      event.sender.send(
        EVENT_CHANNEL,
        id,
        errorReply(new ApiError(ApiErrorCode.RATE_LIMITED, 'too many subscriptions')),
      );
      return;
    }
    try {
      w.subs.set(id, api.subscribe(topic, params, send));
    } catch (e) {
      event.sender.send(EVENT_CHANNEL, id, errorReply(e));
    }
  };
}

export function bindIpc(
  ipc: IpcMainLike,
  api: ApiServer,
  options: BindIpcOptions = {},
): () => void {
  const windows = new IpcWindows();
  /** The app's own top-level page, when a check is configured. */
  const fromApp: FromApp = (event) => {
    if (!options.trusted) return true;
    const f = event.senderFrame;
    return !!f && f.parent === null && options.trusted(f.url);
  };
  for (const name of Object.keys(calls) as CallName[])
    ipc.handle(callChannel(name), callHandler(api, windows, fromApp, name));
  ipc.on(CANCEL_CHANNEL, (event, requestId) => {
    if (validId(requestId)) windows.get(event.sender.id)?.calls.get(requestId)?.abort();
  });
  ipc.on(SUBSCRIBE_CHANNEL, subscribeHandler(api, windows, fromApp));
  ipc.on(UNSUBSCRIBE_CHANNEL, (event, id) => {
    if (!validId(id)) return;
    const w = windows.get(event.sender.id);
    w?.subs.get(id)?.close();
    w?.subs.delete(id);
  });

  return () => {
    for (const name of Object.keys(calls) as CallName[]) ipc.removeHandler(callChannel(name));
    for (const ch of [CANCEL_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL])
      ipc.removeAllListeners(ch);
    windows.endAll();
  };
}

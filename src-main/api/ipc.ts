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
import type { ApiServer, ApiSubscription } from './ApiServer';
import { ApiError, ApiErrorCode } from '../contract';

/** The part of a renderer's WebContents the binding needs. */
export interface IpcSender {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

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

/** Calls in flight and subscriptions per window: a misbehaving page is bounded like a socket. */
const IPC_MAX_PENDING_PER_WINDOW = 256;
const IPC_MAX_SUBSCRIPTIONS_PER_WINDOW = 256;

interface WindowState {
  calls: Map<number, AbortController>;
  subs: Map<number, ApiSubscription>;
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

export function bindIpc(
  ipc: IpcMainLike,
  api: ApiServer,
  options: BindIpcOptions = {},
): () => void {
  const windows = new Map<number, WindowState>();
  /** The app's own top-level page, when a check is configured. */
  const fromApp = (event: IpcEvent): boolean => {
    if (!options.trusted) return true;
    const f = event.senderFrame;
    return !!f && f.parent === null && options.trusted(f.url);
  };
  const notFromApp = (): IpcReply =>
    errorReply(new ApiError(ApiErrorCode.FORBIDDEN, 'only the app window may call the API'));
  const stateOf = (sender: IpcSender): WindowState => {
    let w = windows.get(sender.id);
    if (!w) {
      const state: WindowState = { calls: new Map(), subs: new Map() };
      windows.set(sender.id, state);
      sender.once('destroyed', () => {
        for (const c of state.calls.values()) c.abort();
        for (const s of state.subs.values()) s.close();
        windows.delete(sender.id);
      });
      w = state;
    }
    return w;
  };

  for (const name of Object.keys(calls) as CallName[]) {
    ipc.handle(callChannel(name), async (event, requestId, input): Promise<IpcReply> => {
      if (!fromApp(event)) return notFromApp();
      if (!validId(requestId))
        return errorReply(
          new ApiError(ApiErrorCode.BAD_REQUEST, 'a call needs a numeric request id'),
        );
      const w = stateOf(event.sender);
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
    });
  }

  ipc.on(CANCEL_CHANNEL, (event, requestId) => {
    if (validId(requestId)) windows.get(event.sender.id)?.calls.get(requestId)?.abort();
  });

  ipc.on(SUBSCRIBE_CHANNEL, (event, id, topic, params) => {
    if (!fromApp(event) || !validId(id) || typeof topic !== 'string') return;
    const w = stateOf(event.sender);
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
  });

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
    for (const w of windows.values()) {
      for (const c of w.calls.values()) c.abort();
      for (const s of w.subs.values()) s.close();
    }
    windows.clear();
  };
}

/**
 * The IPC binding's per-window bookkeeping: calls in flight and subscriptions of each renderer,
 * bounded like a socket's, ended when the window goes away or the binding is removed.
 */
import type { ApiSubscription } from './ApiServer';

/** The part of a renderer's WebContents the binding needs. */
export interface IpcSender {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** Calls in flight and subscriptions per window: a misbehaving page is bounded like a socket. */
export const IPC_MAX_PENDING_PER_WINDOW = 256;
export const IPC_MAX_SUBSCRIPTIONS_PER_WINDOW = 256;

interface WindowState {
  calls: Map<number, AbortController>;
  subs: Map<number, ApiSubscription>;
}

const end = (w: WindowState): void => {
  for (const c of w.calls.values()) c.abort();
  for (const s of w.subs.values()) s.close();
};

export class IpcWindows {
  private readonly windows = new Map<number, WindowState>();

  /** The window's state, created (and ended with the window) on its first message. */
  of(sender: IpcSender): WindowState {
    let w = this.windows.get(sender.id);
    if (!w) {
      const state: WindowState = { calls: new Map(), subs: new Map() };
      this.windows.set(sender.id, state);
      sender.once('destroyed', () => {
        end(state);
        this.windows.delete(sender.id);
      });
      w = state;
    }
    return w;
  }

  /** The window's state if it has sent anything. */
  get(senderId: number): WindowState | undefined {
    return this.windows.get(senderId);
  }

  /** Aborts every call and closes every subscription of every window. */
  endAll(): void {
    for (const w of this.windows.values()) end(w);
    this.windows.clear();
  }
}

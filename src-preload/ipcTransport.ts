/**
 * The contract over Electron IPC, from the renderer's side: one channel per call (no generic
 * invoke reaches the page), cancellation, and topics. Written against a minimal `ipcRenderer`
 * shape so it is tested without Electron.
 */
import { calls, type CallName } from '@contract/calls';
import {
  CANCEL_CHANNEL,
  EVENT_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  callChannel,
  type IpcReply,
} from '@contract/ipcChannels';
import type { ContractTransport, SubscriptionErrorListener } from '@contract/verbs';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** A failed call as the page sees it: the contract's code, sentence and detail (if any). */
export class StudioApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'StudioApiError';
  }
}

export function ipcTransport(ipc: IpcRendererLike): ContractTransport {
  let nextId = 1;
  const listeners = new Map<
    number,
    { listener: (payload: unknown) => void; onError?: SubscriptionErrorListener | undefined }
  >();
  ipc.on(EVENT_CHANNEL, (_event, id, message) => {
    const m = message as { event?: unknown; ok?: false; error?: { code: string; message: string } };
    const l = listeners.get(id as number);
    if (!l) return;
    if ('event' in m) {
      l.listener(m.event);
    } else {
      // The subscription was refused: its owner hears why instead of waiting forever.
      listeners.delete(id as number);
      if (m.error) l.onError?.(new StudioApiError(m.error.code, m.error.message));
    }
  });
  return {
    async call(name: CallName, input: unknown, signal?: AbortSignal): Promise<unknown> {
      // Names come from the call table; anything else has no channel to go to.
      if (!Object.hasOwn(calls, name))
        throw new StudioApiError('NOT_FOUND', `no call named "${name}"`);
      const id = nextId++;
      const onAbort = (): void => ipc.send(CANCEL_CHANNEL, id);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const reply = (await ipc.invoke(callChannel(name), id, input ?? {})) as IpcReply;
        if (!reply.ok)
          throw new StudioApiError(reply.error.code, reply.error.message, reply.error.detail);
        return reply.result;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    subscribe(topic, params, listener, onError): () => void {
      const id = nextId++;
      listeners.set(id, { listener, onError });
      ipc.send(SUBSCRIBE_CHANNEL, id, topic, params ?? {});
      return () => {
        if (listeners.delete(id)) ipc.send(UNSUBSCRIBE_CHANNEL, id);
      };
    },
  };
}

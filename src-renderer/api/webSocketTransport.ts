/**
 * The contract over the headless API's WebSocket (`/api/v1/ws`, wire format in
 * `@contract/wire`): what the web console uses where Electron's preload bridge is absent.
 */
import type { ContractTransport, SubscriptionErrorListener } from '@contract/verbs';
import type { CallName } from '@contract/calls';
import type { ServerMessage } from '@contract/wire';

/** Calls waiting for an answer at once; a page that floods the socket gets errors, not memory. */
const MAX_PENDING = 256;

export class ApiTransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The error's detail (a device's ERROR code and payload), as IPC's errors carry it too. */
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'ApiTransportError';
  }
}

export interface WebSocketTransport extends ContractTransport {
  /** Resolves once the socket is open. */
  ready: Promise<void>;
  close(): void;
  /** Called once when the socket closes (or fails to open). */
  onClose(listener: () => void): void;
}

export function webSocketTransport(url: string): WebSocketTransport {
  const ws = new WebSocket(url);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const topics = new Map<
    number,
    { listener: (payload: unknown) => void; onError?: SubscriptionErrorListener | undefined }
  >();
  const closeListeners: (() => void)[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener(
      'error',
      () => reject(new ApiTransportError('UNAVAILABLE', `cannot reach ${url.split('?')[0]}`)),
      { once: true },
    );
  });
  ws.addEventListener('message', (e: MessageEvent<string>) => {
    const m = JSON.parse(e.data) as ServerMessage;
    if (m.id === null) return;
    if ('event' in m) topics.get(m.id)?.listener(m.event);
    else if ('result' in m) pending.get(m.id)?.resolve(m.result);
    else if ('error' in m) {
      const error = new ApiTransportError(m.error.code, m.error.message, m.error.detail);
      pending.get(m.id)?.reject(error);
      // A refused subscription: its owner hears why instead of waiting for events forever.
      topics.get(m.id)?.onError?.(error);
      topics.delete(m.id);
    }
    if (!('event' in m) && !('subscribed' in m)) pending.delete(m.id);
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values())
      p.reject(new ApiTransportError('UNAVAILABLE', 'the connection to IoTMP Studio closed'));
    pending.clear();
    topics.clear();
    for (const listener of closeListeners.splice(0)) listener();
  });
  const send = (msg: object): void => ws.send(JSON.stringify(msg));

  return {
    ready,
    close: () => ws.close(),
    onClose: (listener) => void closeListeners.push(listener),
    async call(name: CallName, input: unknown, signal?: AbortSignal): Promise<unknown> {
      await ready;
      if (pending.size >= MAX_PENDING)
        throw new ApiTransportError('RATE_LIMITED', 'too many calls in progress');
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ id, call: name, input: input ?? {} });
        signal?.addEventListener('abort', () => send({ id, cancel: true }), { once: true });
      });
    },
    subscribe(topic, params, listener, onError): () => void {
      const id = nextId++;
      topics.set(id, { listener, onError });
      void ready.then(() => send({ id, subscribe: topic, params: params ?? {} }));
      return () => {
        if (!topics.delete(id)) return;
        if (ws.readyState === WebSocket.OPEN) send({ id, unsubscribe: true });
      };
    },
  };
}

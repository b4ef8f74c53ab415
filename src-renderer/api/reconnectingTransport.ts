/**
 * A contract transport that survives the server going away (UI.md §2 "Lost contact"): when the
 * WebSocket closes it retries every few seconds, and on return it subscribes every live topic
 * again, so views and streams resume by themselves. Calls made while contact is lost fail at once
 * with UNAVAILABLE rather than queueing: the UI disables actions meanwhile.
 */
import type { CallName } from '@contract/calls';
import type { TopicName } from '@contract/events';
import type { ContractTransport, SubscriptionErrorListener } from '@contract/verbs';
import {
  ApiTransportError,
  webSocketTransport,
  type WebSocketTransport,
} from './webSocketTransport';

export type LinkState = 'connecting' | 'online' | 'lost';

export interface ReconnectingTransport extends ContractTransport {
  close(): void;
}

export interface ReconnectOptions {
  retryMs?: number;
  onState(state: LinkState, retryAt: number | null): void;
  /** Opens one socket; tests replace it. */
  open?: (url: string) => WebSocketTransport;
}

interface LiveTopic {
  topic: TopicName;
  params: unknown;
  listener: (payload: unknown) => void;
  onError: SubscriptionErrorListener;
  dispose: (() => void) | null;
}

export const RETRY_MS = 3_000;

export function reconnectingTransport(
  url: string,
  options: ReconnectOptions,
): ReconnectingTransport {
  const retryMs = options.retryMs ?? RETRY_MS;
  const open = options.open ?? webSocketTransport;
  const topics = new Set<LiveTopic>();
  let current: WebSocketTransport | null = null;
  let online = false;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = (): void => {
    if (closed) return;
    const t = open(url);
    current = t;
    t.onClose(() => {
      if (current !== t) return;
      online = false;
      for (const live of topics) live.dispose = null;
      if (closed) return;
      options.onState('lost', Date.now() + retryMs);
      timer = setTimeout(connect, retryMs);
    });
    t.ready.then(
      () => {
        if (current !== t || closed) return;
        online = true;
        for (const live of topics)
          live.dispose = t.subscribe(live.topic, live.params, live.listener, live.onError);
        options.onState('online', null);
      },
      () => {
        /* onClose follows and schedules the retry */
      },
    );
  };
  options.onState('connecting', null);
  connect();

  return {
    async call(name: CallName, input: unknown, signal?: AbortSignal): Promise<unknown> {
      if (!current || !online)
        throw new ApiTransportError('UNAVAILABLE', 'Lost contact with IoTMP Studio');
      return current.call(name, input, signal);
    },
    subscribe(topic, params, listener, onError) {
      const live: LiveTopic = {
        topic,
        params,
        listener,
        // A refused subscription is not made again after a reconnect; its owner decides.
        onError: (e) => {
          topics.delete(live);
          onError?.(e);
        },
        dispose: null,
      };
      topics.add(live);
      if (current && online)
        live.dispose = current.subscribe(topic, params, listener, live.onError);
      return () => {
        topics.delete(live);
        live.dispose?.();
      };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      current?.close();
    },
  };
}

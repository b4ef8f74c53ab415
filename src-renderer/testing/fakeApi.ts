/**
 * Verbs over an in-memory transport for component and store tests: each call is answered by the
 * handler the test gives (unknown calls reject with NOT_FOUND, like the server), and topics are
 * driven by `emit`. Installed as the app's API with `installFakeApi`.
 */
import type { CallInput, CallName, CallResult } from '@contract/calls';
import type { TopicName, TopicParams, TopicPayload } from '@contract/events';
import { createVerbs, type SubscriptionErrorListener, type Verbs } from '@contract/verbs';
import { installVerbs } from '../api/connection';
import { ApiTransportError } from '../api/webSocketTransport';

export type FakeHandlers = {
  [N in CallName]?: (input: CallInput<N>) => CallResult<N> | Promise<CallResult<N>>;
};

export interface FakeApi {
  api: Verbs;
  /** Every call made, in order. */
  calls: { name: CallName; input: unknown }[];
  /** Sends a payload to every subscriber of `topic` whose params match `filter` (if given). */
  emit<T extends TopicName>(
    topic: T,
    payload: TopicPayload<T>,
    filter?: (p: TopicParams<T>) => boolean,
  ): void;
  /** Refuses every live subscription of `topic` with `code` (as the server refuses one). */
  refuse(topic: TopicName, code: string, message: string): void;
  /** Live subscriptions, to check that views unsubscribe. */
  subscriptions(topic?: TopicName): { topic: TopicName; params: unknown }[];
  handle<N extends CallName>(name: N, handler: NonNullable<FakeHandlers[N]>): void;
}

export function fakeApi(handlers: FakeHandlers = {}): FakeApi {
  const table: Record<string, (input: unknown) => unknown> = { ...handlers } as never;
  const calls: { name: CallName; input: unknown }[] = [];
  const subs = new Set<{
    topic: TopicName;
    params: unknown;
    listener: (p: unknown) => void;
    onError?: SubscriptionErrorListener | undefined;
  }>();
  const api = createVerbs({
    async call(name, input) {
      calls.push({ name, input });
      const handler = table[name];
      if (!handler) throw new ApiTransportError('NOT_FOUND', `no fake handler for ${name}`);
      return handler(input);
    },
    subscribe(topic, params, listener, onError) {
      const sub = { topic, params, listener, onError };
      subs.add(sub);
      return () => void subs.delete(sub);
    },
  });
  return {
    api,
    calls,
    emit(topic, payload, filter) {
      for (const s of [...subs])
        if (s.topic === topic && (!filter || filter(s.params as never))) s.listener(payload);
    },
    refuse(topic, code, message) {
      for (const s of [...subs]) {
        if (s.topic !== topic) continue;
        subs.delete(s);
        s.onError?.(new ApiTransportError(code, message));
      }
    },
    subscriptions: (topic) =>
      [...subs]
        .filter((s) => !topic || s.topic === topic)
        .map(({ topic: t, params }) => ({ topic: t, params })),
    handle(name, handler) {
      table[name] = handler as never;
    },
  };
}

/** Makes `fake` the app's API, as connected. */
export function installFakeApi(fake: FakeApi): FakeApi {
  installVerbs(fake.api, { runtime: 'console', host: 'test' });
  return fake;
}

/**
 * Domain verbs derived from the contract (`api.devices.list({})`, `api.resources.run({...})`):
 * what the preload bridge exposes and the renderer client calls, over whatever transport (IPC,
 * WebSocket, in-process). No generic `invoke(channel)` reaches the page; the names and types
 * come from `calls`, so there is no second copy to keep in step.
 */
import { calls, type CallInput, type CallName, type CallResult } from './calls';
import type { TopicName, TopicParams, TopicPayload } from './events';

/** Told once when a subscription is refused (unknown device, limits); it then receives nothing. */
export type SubscriptionErrorListener = (error: Error & { code?: string }) => void;

/** What a transport must offer: one call, one subscription (its disposer unsubscribes). */
export interface ContractTransport {
  call(name: CallName, input: unknown, signal?: AbortSignal): Promise<unknown>;
  subscribe(
    topic: TopicName,
    params: unknown,
    listener: (payload: unknown) => void,
    onError?: SubscriptionErrorListener,
  ): () => void;
}

type Domain<N extends string> = N extends `${infer D}.${string}` ? D : never;
type Verb<N extends string, D extends string> = N extends `${D}.${infer V}` ? V : never;

type VerbFn<N> = N extends CallName
  ? (input: CallInput<N>, signal?: AbortSignal) => Promise<CallResult<N>>
  : never;

export type Verbs = {
  [D in Domain<CallName>]: { [V in Verb<CallName, D>]: VerbFn<`${D}.${V}`> };
} & {
  /** Starts a topic; the returned function ends it. `onError` hears a refused subscription. */
  on<T extends TopicName>(
    topic: T,
    params: TopicParams<T>,
    listener: (payload: TopicPayload<T>) => void,
    onError?: SubscriptionErrorListener,
  ): () => void;
};

export function createVerbs(transport: ContractTransport): Verbs {
  const domains: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(calls) as CallName[]) {
    const [domain, verb] = name.split('.') as [string, string];
    (domains[domain] ??= {})[verb] = (input: unknown, signal?: AbortSignal) =>
      transport.call(name, input, signal);
  }
  return Object.freeze({
    ...domains,
    on: (
      topic: TopicName,
      params: unknown,
      listener: (payload: never) => void,
      onError?: SubscriptionErrorListener,
    ) => transport.subscribe(topic, params, listener as (payload: unknown) => void, onError),
  }) as unknown as Verbs;
}

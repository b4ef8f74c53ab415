/**
 * The transport-independent side of the API: validates every input against the contract, runs
 * the handler with a deadline and the caller's AbortSignal, and answers with the contract's
 * result or a typed `ApiError`. IPC, HTTP and WebSocket adapters all go through here.
 */
import {
  ApiError,
  ApiErrorCode,
  calls,
  describeZodError,
  events,
  isCallName,
  isTopicName,
  type CallName,
  type CallRequest,
  type CallResult,
  type TopicName,
  type TopicPayload,
} from '../contract';
import type { z } from 'zod';
import { toApiError } from './errors';

interface CallContext {
  /** Aborted when the caller cancels or the deadline passes: stop waiting, free what you hold. */
  signal: AbortSignal;
  /** Who asked, recorded beside what they changed: `console` or `token:<id>`. */
  caller: string;
}

export type CallHandlers = {
  [N in CallName]: (
    request: CallRequest<N>,
    ctx: CallContext,
  ) => Promise<CallResult<N>> | CallResult<N>;
};

/** Receives payloads; returns false when it is busy (the source then queues, bounded). */
type TopicListener<T extends TopicName> = (payload: TopicPayload<T>) => boolean | void;

export interface ApiSubscription {
  /** Delivers what was queued while the listener was busy. */
  resume(): void;
  close(): void;
}

export type TopicSources = {
  [T in TopicName]: (
    params: z.output<(typeof events)[T]['params']>,
    listener: TopicListener<T>,
  ) => ApiSubscription;
};

export interface ApiServerOptions {
  /** Check every result and event against the contract's schemas (tests turn it on). */
  checkResponses?: boolean;
  log?: (message: string) => void;
}

export class ApiServer {
  constructor(
    private readonly handlers: CallHandlers,
    private readonly sources: TopicSources,
    private readonly options: ApiServerOptions = {},
  ) {}

  /** Validates `input` for `name`, runs it within its deadline; rejects with an ApiError. */
  async call(
    name: string,
    input: unknown,
    signal?: AbortSignal,
    opts: { timeoutMs?: number; caller?: string } = {},
  ): Promise<unknown> {
    if (!isCallName(name)) throw new ApiError(ApiErrorCode.NOT_FOUND, `no call named "${name}"`);
    const spec = calls[name];
    const parsed = spec.request.safeParse(input ?? {});
    if (!parsed.success)
      throw new ApiError(ApiErrorCode.BAD_REQUEST, `${name}: ${describeZodError(parsed.error)}`);
    if (signal?.aborted) throw new ApiError(ApiErrorCode.CANCELLED, `${name}: cancelled`);
    const timeoutMs = opts.timeoutMs ?? spec.timeoutMs;
    const inner = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new ApiError(ApiErrorCode.TIMEOUT, `${name}: no answer within ${timeoutMs} ms`));
        inner.abort();
      }, timeoutMs);
      onAbort = () => {
        reject(new ApiError(ApiErrorCode.CANCELLED, `${name}: cancelled`));
        inner.abort();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const run = (async () =>
        (this.handlers[name] as (r: unknown, c: CallContext) => unknown)(parsed.data, {
          signal: inner.signal,
          caller: opts.caller ?? 'console',
        }))();
      const result = await Promise.race([run, deadline]);
      if (this.options.checkResponses) {
        const checked = spec.response.safeParse(result);
        if (!checked.success)
          throw new Error(
            `${name} answered outside its contract: ${describeZodError(checked.error)}`,
          );
      }
      return result;
    } catch (e) {
      throw toApiError(e, this.options.log);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Typed convenience for in-process callers (tests, IPC). */
  invoke<N extends CallName>(
    name: N,
    input: z.input<(typeof calls)[N]['request']>,
    signal?: AbortSignal,
  ): Promise<CallResult<N>> {
    return this.call(name, input, signal) as Promise<CallResult<N>>;
  }

  /** Validates `params` and starts the topic; throws an ApiError when it cannot. */
  subscribe(
    topic: string,
    params: unknown,
    listener: (payload: unknown) => boolean | void,
  ): ApiSubscription {
    if (!isTopicName(topic))
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no topic named "${topic}"`);
    const parsed = events[topic].params.safeParse(params ?? {});
    if (!parsed.success)
      throw new ApiError(ApiErrorCode.BAD_REQUEST, `${topic}: ${describeZodError(parsed.error)}`);
    const payload = events[topic].payload;
    const deliver = this.options.checkResponses
      ? (p: unknown): boolean | void => {
          const checked = payload.safeParse(p);
          if (!checked.success)
            throw new Error(
              `${topic} sent an event outside its contract: ${describeZodError(checked.error)}`,
            );
          return listener(p);
        }
      : listener;
    try {
      return (this.sources[topic] as (p: unknown, l: typeof listener) => ApiSubscription)(
        parsed.data,
        deliver,
      );
    } catch (e) {
      throw toApiError(e, this.options.log);
    }
  }
}

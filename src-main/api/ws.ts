/**
 * The contract over one WebSocket (`/api/v1/ws`, contract/wire.ts): calls with ids, cancel,
 * subscriptions with back-pressure (wsSender.ts). Thinger's resource stream is resourceStream.ts.
 */
import type { WebSocket } from 'ws';
import {
  ApiError,
  ApiErrorCode,
  ClientMessage,
  describeZodError,
  type ServerMessage,
} from '../contract';
import type { ApiServer, ApiSubscription } from './ApiServer';
import { toApiError } from './errors';
import { parseJsonBody } from './jsonDepth';
import type { ApiHttpLimits } from './limits';
import { sender, type Sender } from './wsSender';

/** One contract socket's calls in flight, subscriptions, and the ones paused by back-pressure. */
interface SocketState {
  readonly api: ApiServer;
  readonly limits: ApiHttpLimits;
  readonly subs: Map<number, ApiSubscription>;
  readonly paused: Set<ApiSubscription>;
  readonly calls: Map<number, AbortController>;
  readonly send: Sender;
  fail(id: number | null, e: unknown): void;
}

/** A message as the wire defines it, or the BAD_REQUEST it earns (answered with id null). */
function parseMessage(data: unknown, isBinary: boolean): ClientMessage | ApiError {
  try {
    const parsed = ClientMessage.safeParse(
      parseJsonBody(isBinary ? '' : String(data), 'the message'),
    );
    if (!parsed.success)
      return new ApiError(
        ApiErrorCode.BAD_REQUEST,
        `bad message: ${describeZodError(parsed.error)}`,
      );
    return parsed.data;
  } catch (e) {
    if (e instanceof ApiError && !isBinary) return e;
    return new ApiError(ApiErrorCode.BAD_REQUEST, 'each message must be JSON text');
  }
}

function startCall(s: SocketState, msg: Extract<ClientMessage, { call: unknown }>): void {
  const { id } = msg;
  if (s.calls.has(id))
    return s.fail(id, new ApiError(ApiErrorCode.BAD_REQUEST, `id ${id} is in use`));
  if (s.calls.size >= s.limits.maxCallsPerSocket)
    return s.fail(
      id,
      new ApiError(
        ApiErrorCode.RATE_LIMITED,
        `more than ${s.limits.maxCallsPerSocket} calls waiting on this connection`,
      ),
    );
  const ctl = new AbortController();
  s.calls.set(id, ctl);
  s.api
    .call(msg.call, msg.input, ctl.signal)
    .then(
      (result) => s.send.reply({ id, result }),
      (e: unknown) => s.fail(id, e),
    )
    .finally(() => s.calls.delete(id));
}

function subscribe(s: SocketState, msg: Extract<ClientMessage, { subscribe: unknown }>): void {
  const { id } = msg;
  if (s.subs.has(id))
    return s.fail(id, new ApiError(ApiErrorCode.BAD_REQUEST, `id ${id} is in use`));
  if (s.subs.size >= s.limits.maxSubscriptionsPerSocket)
    return s.fail(
      id,
      new ApiError(
        ApiErrorCode.RATE_LIMITED,
        `more than ${s.limits.maxSubscriptionsPerSocket} subscriptions on this connection`,
      ),
    );
  try {
    let sub: ApiSubscription | undefined = undefined;
    sub = s.api.subscribe(msg.subscribe, msg.params, (event) => {
      const ok = s.send.offer({ id, event });
      if (!ok && sub) s.paused.add(sub);
      return ok;
    });
    s.subs.set(id, sub);
    s.send.reply({ id, subscribed: true });
  } catch (e) {
    s.fail(id, e);
  }
}

function unsubscribe(s: SocketState, id: number): void {
  const sub = s.subs.get(id);
  s.subs.delete(id);
  if (sub) {
    s.paused.delete(sub);
    sub.close();
  }
  s.send.reply({ id, unsubscribed: true });
}

export function serveContractSocket(ws: WebSocket, api: ApiServer, limits: ApiHttpLimits): void {
  const paused = new Set<ApiSubscription>();
  const send = sender(ws, limits, () => {
    for (const s of [...paused]) {
      paused.delete(s);
      s.resume();
    }
  });
  const state: SocketState = {
    api,
    limits,
    subs: new Map(),
    paused,
    calls: new Map(),
    send,
    fail: (id, e) => send.reply({ id, error: toApiError(e).toJSON() } satisfies ServerMessage),
  };
  ws.on('message', (data, isBinary) => {
    const msg = parseMessage(data, isBinary);
    if (msg instanceof ApiError) return state.fail(null, msg);
    if ('call' in msg) startCall(state, msg);
    else if ('subscribe' in msg) subscribe(state, msg);
    else if ('unsubscribe' in msg) unsubscribe(state, msg.id);
    else state.calls.get(msg.id)?.abort();
  });
  ws.on('close', () => {
    for (const c of state.calls.values()) c.abort();
    for (const s of state.subs.values()) s.close();
    state.subs.clear();
    paused.clear();
  });
}

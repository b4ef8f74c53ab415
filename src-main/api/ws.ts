/**
 * WebSocket endpoints of the headless API: the contract over one socket (`/api/v1/ws`,
 * contract/wire.ts) and Thinger's resource stream (`/v3/users/…/resources/{resource}?interval=`
 * in seconds, each sample one JSON text message).
 */
import type { WebSocket } from 'ws';
import {
  ApiError,
  ApiErrorCode,
  ClientMessage,
  describeZodError,
  HTTP_STATUS,
  type ServerMessage,
  type StreamEvent,
} from '../contract';
import type { ApiServer, ApiSubscription } from './ApiServer';
import { toApiError } from './errors';
import { parseJsonBody } from './jsonDepth';
import type { ApiHttpLimits } from './limits';

/** A peer whose answers pile up past this many times the buffer bound is cut off. */
const WS_REPLY_BACKLOG_FACTOR = 4;

/**
 * The socket's side of the back-pressure contract (TopicListener, D2): an event is written only
 * while the send buffer is under its bound, and then `offer` returns true; otherwise nothing is
 * written and it returns false, so the source keeps it (bounded, drops counted) until `onDrain`.
 * A sample is therefore sent once, and a socket that stopped reading stops being written.
 */
interface Sender {
  offer(m: unknown): boolean;
  /** Answers to calls are always written, up to WS_REPLY_BACKLOG_FACTOR × the bound. */
  reply(m: unknown): void;
}

function sender(ws: WebSocket, limits: ApiHttpLimits, onDrain: () => void): Sender {
  let waiting = false;
  const write = (m: unknown): void =>
    ws.send(JSON.stringify(m), () => {
      if (waiting && ws.bufferedAmount < limits.maxWsBufferedBytes / 2) {
        waiting = false;
        onDrain();
      }
    });
  return {
    offer(m) {
      if (ws.readyState !== ws.OPEN) return true; // closing: taken and discarded
      if (ws.bufferedAmount >= limits.maxWsBufferedBytes) {
        waiting = true;
        return false;
      }
      write(m);
      return true;
    },
    reply(m) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount >= limits.maxWsBufferedBytes * WS_REPLY_BACKLOG_FACTOR) {
        ws.terminate();
        return;
      }
      write(m);
    },
  };
}

export function serveContractSocket(ws: WebSocket, api: ApiServer, limits: ApiHttpLimits): void {
  const subs = new Map<number, ApiSubscription>();
  const paused = new Set<ApiSubscription>();
  const calls = new Map<number, AbortController>();
  const send = sender(ws, limits, () => {
    for (const s of [...paused]) {
      paused.delete(s);
      s.resume();
    }
  });
  const fail = (id: number | null, e: unknown): void =>
    send.reply({ id, error: toApiError(e).toJSON() } satisfies ServerMessage);

  ws.on('message', (data, isBinary) => {
    let msg: ClientMessage;
    try {
      const parsed = ClientMessage.safeParse(
        parseJsonBody(isBinary ? '' : String(data), 'the message'),
      );
      if (!parsed.success)
        return fail(
          null,
          new ApiError(ApiErrorCode.BAD_REQUEST, `bad message: ${describeZodError(parsed.error)}`),
        );
      msg = parsed.data;
    } catch (e) {
      if (e instanceof ApiError && !isBinary) return fail(null, e);
      return fail(null, new ApiError(ApiErrorCode.BAD_REQUEST, 'each message must be JSON text'));
    }
    const { id } = msg;
    if ('call' in msg) {
      if (calls.has(id))
        return fail(id, new ApiError(ApiErrorCode.BAD_REQUEST, `id ${id} is in use`));
      if (calls.size >= limits.maxCallsPerSocket)
        return fail(
          id,
          new ApiError(
            ApiErrorCode.RATE_LIMITED,
            `more than ${limits.maxCallsPerSocket} calls waiting on this connection`,
          ),
        );
      const ctl = new AbortController();
      calls.set(id, ctl);
      api
        .call(msg.call, msg.input, ctl.signal)
        .then(
          (result) => send.reply({ id, result }),
          (e: unknown) => fail(id, e),
        )
        .finally(() => calls.delete(id));
    } else if ('subscribe' in msg) {
      if (subs.has(id))
        return fail(id, new ApiError(ApiErrorCode.BAD_REQUEST, `id ${id} is in use`));
      if (subs.size >= limits.maxSubscriptionsPerSocket)
        return fail(
          id,
          new ApiError(
            ApiErrorCode.RATE_LIMITED,
            `more than ${limits.maxSubscriptionsPerSocket} subscriptions on this connection`,
          ),
        );
      try {
        let sub: ApiSubscription | undefined = undefined;
        sub = api.subscribe(msg.subscribe, msg.params, (event) => {
          const ok = send.offer({ id, event });
          if (!ok && sub) paused.add(sub);
          return ok;
        });
        subs.set(id, sub);
        send.reply({ id, subscribed: true });
      } catch (e) {
        fail(id, e);
      }
    } else if ('unsubscribe' in msg) {
      const sub = subs.get(id);
      subs.delete(id);
      if (sub) {
        paused.delete(sub);
        sub.close();
      }
      send.reply({ id, unsubscribed: true });
    } else {
      calls.get(id)?.abort();
    }
  });
  ws.on('close', () => {
    for (const c of calls.values()) c.abort();
    for (const s of subs.values()) s.close();
    subs.clear();
    paused.clear();
  });
}

/**
 * Thinger's stream: samples of one resource as bare JSON values. The API's interval is in
 * seconds (IOTMP.md §8.6 step 9); the broker wants milliseconds. A stream that cannot start
 * closes with 4000 + the HTTP status of its error (4404 no device, 4400 bad interval).
 */
export function serveResourceStream(
  ws: WebSocket,
  api: ApiServer,
  limits: ApiHttpLimits,
  target: { user: string; device: string; resource: string; intervalSeconds: string | null },
): void {
  const close = (e: ApiError): void =>
    ws.close(4000 + HTTP_STATUS[e.code], `${e.code}: ${e.message}`.slice(0, 120));
  const seconds = target.intervalSeconds === null ? 0 : Number(target.intervalSeconds);
  if (!Number.isFinite(seconds) || seconds < 0)
    return close(new ApiError(ApiErrorCode.BAD_REQUEST, 'interval must be seconds ≥ 0'));
  let sub: ApiSubscription | undefined = undefined;
  let pausedSub = false;
  const send = sender(ws, limits, () => {
    if (pausedSub && sub) {
      pausedSub = false;
      sub.resume();
    }
  });
  try {
    sub = api.subscribe(
      'streams.samples',
      {
        user: target.user,
        device: target.device,
        resource: target.resource,
        intervalMs: Math.round(seconds * 1000),
      },
      (payload) => {
        const e = payload as StreamEvent;
        if (e.kind === 'status') {
          if (e.state === 'error')
            close(
              new ApiError(ApiErrorCode.DEVICE_ERROR, e.reason ?? 'the device refused the stream'),
            );
          return true;
        }
        const ok = send.offer(e.value);
        if (!ok) pausedSub = true;
        return ok;
      },
    );
  } catch (e) {
    return close(toApiError(e));
  }
  ws.on('close', () => sub?.close());
}

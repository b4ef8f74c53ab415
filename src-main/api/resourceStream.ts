/**
 * Thinger's resource stream (`/v3/users/…/resources/{resource}?interval=` in seconds): each
 * sample one JSON text message.
 */
import type { WebSocket } from 'ws';
import { ApiError, ApiErrorCode, HTTP_STATUS, type StreamEvent } from '../contract';
import type { ApiServer, ApiSubscription } from './ApiServer';
import { toApiError } from './errors';
import type { ApiHttpLimits } from './limits';
import { sender } from './wsSender';

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

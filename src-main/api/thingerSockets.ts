/**
 * Thinger's two multiplexed WebSockets:
 * - the device's resources socket (`/v3/users/{u}/devices/{d}/resources`): the client sends
 *   `{"resource", "interval" (seconds), "enabled"}` to start, change or stop a resource's stream
 *   (what Node-RED's device-stream node sends), and receives `{"resource", "payload", "ts"}` per
 *   sample (Node-RED reads `payload.resource` and `payload.payload`);
 * - the user's events socket (`/v1/users/{u}/events`): the client sends a subscription
 *   (`{"event": "device_state_change", "device": "d", "state": "disconnected"}`, values are exact
 *   or regular expressions as in Node-RED's server-events node) and receives matching events.
 * Both are bounded: streams per socket, a slow reader loses samples or events (counted), never
 * the server's memory.
 */
import type { WebSocket } from 'ws';
import { ApiError, ApiErrorCode, type StreamEvent, type UserEvent } from '../contract';
import type { ApiServer, ApiSubscription } from './ApiServer';
import { toApiError } from './errors';
import { parseJsonBody } from './jsonDepth';
import type { ApiHttpLimits } from './limits';

/** Streams one resources socket may hold (Node-RED opens one per resource it charts). */
const MAX_STREAMS_PER_SOCKET = 64;
/** Longest regular expression an events subscription may use (no pathological patterns). */
const MAX_PATTERN = 200;

const send = (ws: WebSocket, limits: ApiHttpLimits, m: unknown): boolean => {
  if (ws.readyState !== ws.OPEN) return true;
  if (ws.bufferedAmount >= limits.maxWsBufferedBytes) return false;
  ws.send(JSON.stringify(m));
  return true;
};

const problem = (ws: WebSocket, limits: ApiHttpLimits, e: unknown, resource?: string): void =>
  void send(ws, limits, { ...(resource ? { resource } : {}), error: toApiError(e).toJSON() });

export function serveResourcesSocket(
  ws: WebSocket,
  api: ApiServer,
  limits: ApiHttpLimits,
  target: { user: string; device: string; allowed: (resource: string) => boolean },
): void {
  const streams = new Map<string, ApiSubscription>();
  const stop = (resource: string): void => {
    streams.get(resource)?.close();
    streams.delete(resource);
  };
  ws.on('message', (data, isBinary) => {
    let m: { resource?: unknown; interval?: unknown; enabled?: unknown };
    try {
      // D6: the same depth bound as HTTP bodies (a clear BAD_REQUEST, never a stack overflow).
      m = parseJsonBody(isBinary ? '' : String(data), 'each message') as typeof m;
    } catch (e) {
      return problem(ws, limits, e);
    }
    const resource = m?.resource;
    if (typeof resource !== 'string' || resource === '' || resource.length > 256)
      return problem(
        ws,
        limits,
        new ApiError(
          ApiErrorCode.BAD_REQUEST,
          'send {"resource": name, "interval": seconds, "enabled": true|false}',
        ),
      );
    if (m.enabled === false) return stop(resource);
    const seconds = m.interval === undefined ? 0 : Number(m.interval);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
      return problem(
        ws,
        limits,
        new ApiError(ApiErrorCode.BAD_REQUEST, 'interval must be 0–86400 seconds'),
        resource,
      );
    if (!target.allowed(resource))
      return problem(
        ws,
        limits,
        new ApiError(
          ApiErrorCode.FORBIDDEN,
          `this access token lacks AccessDeviceResources on ${resource}`,
        ),
        resource,
      );
    if (!streams.has(resource) && streams.size >= MAX_STREAMS_PER_SOCKET)
      return problem(
        ws,
        limits,
        new ApiError(
          ApiErrorCode.RATE_LIMITED,
          `${MAX_STREAMS_PER_SOCKET} streams on this socket already`,
        ),
        resource,
      );
    // A new interval replaces the stream (the broker keeps one upstream per interval set).
    stop(resource);
    try {
      const sub = api.subscribe(
        'streams.samples',
        {
          user: target.user,
          device: target.device,
          resource,
          intervalMs: Math.round(seconds * 1000),
        },
        (payload) => {
          const e = payload as StreamEvent;
          if (e.kind === 'status') {
            if (e.state === 'error')
              problem(
                ws,
                limits,
                new ApiError(
                  ApiErrorCode.DEVICE_ERROR,
                  e.reason ?? 'the device refused the stream',
                ),
                resource,
              );
            return true;
          }
          // A slow reader loses this sample; the stream goes on.
          send(ws, limits, { resource, payload: e.value, ts: e.time });
          return true;
        },
      );
      streams.set(resource, sub);
    } catch (e) {
      problem(ws, limits, e, resource);
    }
  });
  ws.on('close', () => {
    for (const s of streams.values()) s.close();
    streams.clear();
  });
}

type Filter = (e: UserEvent) => boolean;

/** `{"event": "device_.*", "device": "d", "state": "disconnected"}`: every key must match. */
function eventFilter(sub: Record<string, unknown>): Filter {
  const tests = Object.entries(sub).map(([key, want]) => {
    const text = typeof want === 'string' ? want : JSON.stringify(want);
    if (text.length > MAX_PATTERN)
      throw new Error(`${key}: pattern over ${MAX_PATTERN} characters`);
    const re = new RegExp(`^(?:${text})$`);
    return (e: UserEvent): boolean => {
      const v = (e as Record<string, unknown>)[key];
      if (v === undefined) return false;
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      return s === text || re.test(s);
    };
  });
  return (e) => tests.every((t) => t(e));
}

export function serveEventsSocket(
  ws: WebSocket,
  api: ApiServer,
  limits: ApiHttpLimits,
  user: string,
): void {
  let filter: Filter = () => true;
  let lost = 0;
  const sub = api.subscribe('users.events', { user }, (payload) => {
    const e = payload as UserEvent;
    if (!filter(e)) return true;
    if (!send(ws, limits, e)) lost++;
    return true;
  });
  ws.on('message', (data, isBinary) => {
    try {
      const m = parseJsonBody(isBinary ? '' : String(data), 'the subscription');
      if (m === null || typeof m !== 'object' || Array.isArray(m))
        throw new Error('send one JSON object');
      filter = eventFilter(m as Record<string, unknown>);
    } catch (e) {
      problem(
        ws,
        limits,
        new ApiError(ApiErrorCode.BAD_REQUEST, `bad subscription: ${(e as Error).message}`, {
          lost,
        }),
      );
    }
  });
  ws.on('close', () => sub.close());
}

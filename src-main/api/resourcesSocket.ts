/**
 * Thinger's resources socket (`/v3/users/{u}/devices/{d}/resources`): the client sends
 * `{"resource", "interval" (seconds), "enabled"}` to start, change or stop a resource's stream
 * (what Node-RED's device-stream node sends), and receives `{"resource", "payload", "ts"}` per
 * sample. Bounded: streams per socket; a slow reader loses samples, never the server's memory.
 */
import type { WebSocket } from 'ws';
import { ApiError, ApiErrorCode, type StreamEvent } from '../contract';
import type { ApiServer, ApiSubscription } from './ApiServer';
import { parseJsonBody } from './jsonDepth';
import type { ApiHttpLimits } from './limits';
import { problem, send } from './thingerSockets';

/** Streams one resources socket may hold (Node-RED opens one per resource it charts). */
const MAX_STREAMS_PER_SOCKET = 64;

type StreamRequest = { resource: string; stop: true } | { resource: string; intervalMs: number };

/** A resources-socket message checked: what to stop or (re)start, or the error to answer. */
function streamRequest(
  data: unknown,
  isBinary: boolean,
  allowed: (resource: string) => boolean,
  streams: ReadonlyMap<string, unknown>,
): StreamRequest | { error: unknown; resource?: string } {
  let m: { resource?: unknown; interval?: unknown; enabled?: unknown };
  try {
    // D6: the same depth bound as HTTP bodies (a clear BAD_REQUEST, never a stack overflow).
    m = parseJsonBody(isBinary ? '' : String(data), 'each message') as typeof m;
  } catch (e) {
    return { error: e };
  }
  const resource = m?.resource;
  if (typeof resource !== 'string' || resource === '' || resource.length > 256)
    return {
      error: new ApiError(
        ApiErrorCode.BAD_REQUEST,
        'send {"resource": name, "interval": seconds, "enabled": true|false}',
      ),
    };
  if (m.enabled === false) return { resource, stop: true };
  const refuse = (code: ApiErrorCode, message: string) => ({
    resource,
    error: new ApiError(code, message),
  });
  const seconds = m.interval === undefined ? 0 : Number(m.interval);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400)
    return refuse(ApiErrorCode.BAD_REQUEST, 'interval must be 0–86400 seconds');
  if (!allowed(resource))
    return refuse(
      ApiErrorCode.FORBIDDEN,
      `this access token lacks AccessDeviceResources on ${resource}`,
    );
  if (!streams.has(resource) && streams.size >= MAX_STREAMS_PER_SOCKET)
    return refuse(
      ApiErrorCode.RATE_LIMITED,
      `${MAX_STREAMS_PER_SOCKET} streams on this socket already`,
    );
  return { resource, intervalMs: Math.round(seconds * 1000) };
}

/** One resource's samples as `{resource, payload, ts}`; a refused stream as its error. */
function startStream(
  ws: WebSocket,
  api: ApiServer,
  limits: ApiHttpLimits,
  target: { user: string; device: string },
  resource: string,
  intervalMs: number,
): ApiSubscription {
  const params = { user: target.user, device: target.device, resource, intervalMs };
  return api.subscribe('streams.samples', params, (payload) => {
    const e = payload as StreamEvent;
    if (e.kind === 'status') {
      if (e.state === 'error')
        problem(
          ws,
          limits,
          new ApiError(ApiErrorCode.DEVICE_ERROR, e.reason ?? 'the device refused the stream'),
          resource,
        );
      return true;
    }
    // A slow reader loses this sample; the stream goes on.
    send(ws, limits, { resource, payload: e.value, ts: e.time });
    return true;
  });
}

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
    const r = streamRequest(data, isBinary, target.allowed, streams);
    if ('error' in r) return problem(ws, limits, r.error, r.resource);
    stop(r.resource);
    if ('stop' in r) return;
    // A new interval replaces the stream (the broker keeps one upstream per interval set).
    try {
      streams.set(r.resource, startStream(ws, api, limits, target, r.resource, r.intervalMs));
    } catch (e) {
      problem(ws, limits, e, r.resource);
    }
  });
  ws.on('close', () => {
    for (const s of streams.values()) s.close();
    streams.clear();
  });
}

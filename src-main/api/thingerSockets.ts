/**
 * Thinger's user events socket (`/v1/users/{u}/events`): the client sends a subscription
 * (`{"event": "device_state_change", "device": "d", "state": "disconnected"}`, values are exact
 * or regular expressions as in Node-RED's server-events node) and receives matching events; a
 * slow reader loses events (counted), never the server's memory. Also the JSON writing both
 * Thinger sockets share (the resources socket is in resourcesSocket.ts).
 */
import type { WebSocket } from 'ws';
import { ApiError, ApiErrorCode, type UserEvent } from '../contract';
import type { ApiServer } from './ApiServer';
import { toApiError } from './errors';
import { parseJsonBody } from './jsonDepth';
import type { ApiHttpLimits } from './limits';

/** Longest regular expression an events subscription may use (no pathological patterns). */
const MAX_PATTERN = 200;

/** Writes one JSON message; false when the reader is too slow and it was dropped. */
export const send = (ws: WebSocket, limits: ApiHttpLimits, m: unknown): boolean => {
  if (ws.readyState !== ws.OPEN) return true;
  if (ws.bufferedAmount >= limits.maxWsBufferedBytes) return false;
  ws.send(JSON.stringify(m));
  return true;
};

/** An error message, with the resource it concerns when there is one. */
export const problem = (
  ws: WebSocket,
  limits: ApiHttpLimits,
  e: unknown,
  resource?: string,
): void =>
  void send(ws, limits, { ...(resource ? { resource } : {}), error: toApiError(e).toJSON() });

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

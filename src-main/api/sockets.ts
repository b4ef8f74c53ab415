/**
 * The API's WebSockets: which paths serve one (a resource's stream, a device's resources socket,
 * a user's events, the contract), what an upgrade to each needs from the caller's token, and the
 * sockets opened with access tokens, closed at once when their token is revoked, disabled or
 * expires. Upgrades are routed and refused like requests (http.ts); this serves what got through.
 */
import type { WebSocket } from 'ws';
import type { AccessTokenStore, Principal } from '../auth/AccessTokenStore';
import type { Need } from '../auth/permissions';
import type { ApiServer } from './ApiServer';
import type { ApiHttpLimits } from './limits';
import { ADMIN_NEED, allowedTo } from './principal';
import {
  CONTRACT_WS_PATH,
  pickRoute,
  THINGER_RESOURCE_PATH,
  THINGER_RESOURCES_SOCKET_PATH,
} from './routes';
import { serveResourcesSocket } from './resourcesSocket';
import { serveEventsSocket } from './thingerSockets';
import { serveResourceStream } from './resourceStream';
import { serveContractSocket } from './ws';
import { param } from './routeParam';

/** Which WebSocket a path serves. */
export type SocketKind = 'stream' | 'resources' | 'events' | 'contract';

/** Every socket path; the first two share their path with a REST GET route. */
export const SOCKET_PATHS: [string, SocketKind][] = [
  [THINGER_RESOURCE_PATH, 'stream'],
  [THINGER_RESOURCES_SOCKET_PATH, 'resources'],
  // Thinger's user events socket.
  ['/v1/users/{user}/events', 'events'],
  ['/v2/users/{user}/events', 'events'],
  [CONTRACT_WS_PATH, 'contract'],
];

/** An upgrade's path parameters: a stream's `resource` decoded like its REST route's. */
export function socketParams(
  kind: SocketKind,
  routed: Record<string, string>,
  pathname: string,
): Record<string, string> | null {
  if (kind !== 'stream') return routed;
  return pickRoute([{ path: THINGER_RESOURCE_PATH }], routed, pathname)?.params ?? null;
}

/** What an upgrade to a socket of this kind needs, and the user it is for. */
export function socketNeed(
  kind: SocketKind,
  p: Record<string, string>,
): { need: Need; user?: string } {
  switch (kind) {
    case 'stream':
      return {
        need: {
          type: 'Device',
          id: param(p, 'device'),
          action: 'AccessDeviceResources',
          resource: param(p, 'resource'),
        },
        user: param(p, 'user'),
      };
    // Each control message is checked against the resource it names (thingerSockets.ts).
    case 'resources':
      return {
        need: { type: 'Device', id: param(p, 'device'), action: 'ListDeviceResources' },
        user: param(p, 'user'),
      };
    case 'events':
      return {
        need: { type: 'User', id: param(p, 'user'), action: 'SubscribeUserEvents' },
        user: param(p, 'user'),
      };
    case 'contract':
      return { need: ADMIN_NEED };
  }
}

export interface OpenedSocket {
  kind: SocketKind;
  params: Record<string, string>;
  query: URLSearchParams;
  principal: Principal;
  /** The access token it was opened with (null: the console's token). */
  jwt: string | null;
}

/** Serves upgraded sockets; `close()` stops watching their tokens. */
export function socketServer(
  api: ApiServer,
  limits: ApiHttpLimits,
  tokens?: Pick<AccessTokenStore, 'verify' | 'changes'>,
): { serve(ws: WebSocket, s: OpenedSocket): void; close(): void } {
  /** Sockets opened with an access token, and the token: re-checked when tokens change. */
  const opened = new Map<WebSocket, string>();
  const recheck = (): void => {
    for (const [ws, jwt] of opened) {
      const v = tokens?.verify(jwt);
      if (v && !v.ok) {
        opened.delete(ws);
        ws.close(4401, `UNAUTHORIZED: the access token is ${v.reason}`);
      }
    }
  };
  const offTokens = tokens?.changes.on('changed', recheck);
  // Expiry needs no change to happen: look once a second while token sockets are open.
  const expiryTimer = setInterval(() => {
    if (opened.size > 0) recheck();
  }, 1000);
  expiryTimer.unref();

  const serve = (ws: WebSocket, s: OpenedSocket): void => {
    ws.on('error', () => ws.terminate());
    // A token revoked, disabled or expired while its socket is open closes it at once.
    if (s.jwt) opened.set(ws, s.jwt);
    ws.on('close', () => opened.delete(ws));
    // Each kind's path declares the parameters it reads (SOCKET_PATHS); param() names a miss.
    const p = s.params;
    if (s.kind === 'stream')
      serveResourceStream(ws, api, limits, {
        user: param(p, 'user'),
        device: param(p, 'device'),
        resource: param(p, 'resource'),
        intervalSeconds: s.query.get('interval'),
      });
    else if (s.kind === 'resources') {
      const user = param(p, 'user');
      const device = param(p, 'device');
      serveResourcesSocket(ws, api, limits, {
        user,
        device,
        allowed: (resource: string) =>
          allowedTo(
            s.principal,
            { type: 'Device', id: device, action: 'AccessDeviceResources', resource },
            user,
          ),
      });
    } else if (s.kind === 'events') serveEventsSocket(ws, api, limits, param(p, 'user'));
    else serveContractSocket(ws, api, limits);
  };
  return {
    serve,
    close: () => {
      offTokens?.();
      clearInterval(expiryTimer);
    },
  };
}

/**
 * The API's routes on a fastify app: the OpenAPI document, the whole contract at
 * `POST /api/v1/call/<name>`, the REST table of routes.ts (Thinger-style errors where the route
 * says so) and the WebSockets of sockets.ts, each on the route of its path.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/AccessTokenStore';
import { ApiError, ApiErrorCode, isCallName } from '../contract';
import { present } from '../contract/present';
import type { ApiServer } from './ApiServer';
import { authOf, urlFor } from './apiRequest';
import { toApiError } from './errors';
import { buildOpenApi } from './openapi';
import { ADMIN_NEED, allowedTo, forbidden } from './principal';
import { parseBody, sendJson, sendRaw, thingerStatus } from './replies';
import {
  CALL_PREFIX,
  OPENAPI_PATH,
  pickRoute,
  RawBody,
  restRoutes,
  routerPath,
  type RestRoute,
} from './routes';
import { SOCKET_PATHS, type socketServer, type SocketKind } from './sockets';
import { MORE } from './thinger';

export interface ApiRoutesOptions {
  api: ApiServer;
  sockets: ReturnType<typeof socketServer>;
  log?: (message: string) => void;
}

type RouteRunner = (
  r: RestRoute,
  params: Record<string, string>,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply>;

const callerOf = (p: Principal): string => (p.kind === 'console' ? 'console' : `token:${p.token}`);

/** The caller going away cancels its call. */
function abortOnClose(reply: FastifyReply): AbortSignal {
  const ctl = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) ctl.abort();
  });
  return ctl.signal;
}

export function addApiRoutes(app: FastifyInstance, options: ApiRoutesOptions): void {
  const { api, sockets } = options;
  let openapi: unknown;
  app.get(OPENAPI_PATH, async (_request, reply) => {
    openapi ??= buildOpenApi();
    return sendJson(reply, 200, openapi);
  });

  // The whole contract: the console's token or an admin access token only.
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: `${CALL_PREFIX}:name`,
    handler: async (request, reply) => {
      const { principal } = authOf(request);
      if (!allowedTo(principal, ADMIN_NEED)) throw forbidden(ADMIN_NEED);
      const { name } = request.params as { name: string };
      if (!isCallName(name)) throw new ApiError(ApiErrorCode.NOT_FOUND, `no call named "${name}"`);
      if (request.method !== 'POST')
        throw new ApiError(ApiErrorCode.NOT_FOUND, `${CALL_PREFIX}${name} takes POST`);
      const body = parseBody(request.body as Buffer | undefined, 'application/json');
      const signal = abortOnClose(reply);
      return sendJson(
        reply,
        200,
        await api.call(name, body ?? {}, signal, { caller: callerOf(principal) }),
      );
    },
  });

  const runRoute: RouteRunner = async (r, params, request, reply) => {
    const { principal } = authOf(request);
    const need = r.scope?.(params) ?? ADMIN_NEED;
    if (!allowedTo(principal, need, params.user)) throw forbidden(need, principal, params.user);
    const query = urlFor(request).searchParams;
    const body =
      request.method === 'GET' || request.method === 'DELETE'
        ? undefined
        : parseBody(request.body as Buffer | undefined, request.headers['content-type']);
    const signal = abortOnClose(reply);
    const call = (name: string, input: unknown): Promise<unknown> =>
      api.call(name, input, signal, { caller: callerOf(principal) });
    try {
      let out: unknown;
      if (r.run) out = await r.run(call, params, query, body);
      else {
        const result = await call(r.call, r.input(params, query, body));
        out = r.output ? r.output(result, query) : result;
      }
      if (out instanceof RawBody) return sendRaw(reply, out);
      const more = Array.isArray(out) && (out as unknown as Record<symbol, unknown>)[MORE];
      return sendJson(reply, 200, out, more ? { 'x-more-records': 'true' } : {});
    } catch (e) {
      if (!r.thinger) throw e;
      const err = toApiError(e, options.log);
      return sendJson(reply, thingerStatus(err), { error: err.toJSON() });
    }
  };

  /** `kind`: the socket its route was registered with. */
  const serveSocket = (ws: WebSocket, request: FastifyRequest, kind: SocketKind): void => {
    try {
      const auth = authOf(request);
      sockets.serve(ws, {
        kind,
        params: present(request.socketParams, 'socket parameters (set by the upgrade check)'),
        query: urlFor(request).searchParams,
        principal: auth.principal,
        jwt: auth.jwt,
      });
    } catch (e) {
      // Upgraded already, so no HTTP answer: the close says it, the log has the detail.
      toApiError(e, options.log);
      ws.close(1011, 'internal error (the detail is in the log)');
    }
  };

  addRestAndSocketRoutes(app, runRoute, serveSocket);
}

/**
 * The REST table and the sockets, each on the fastify route of its path: REST routes sharing a
 * router path (a `{name+}` wildcard) are one route, told apart by `pickRoute`.
 */
function addRestAndSocketRoutes(
  app: FastifyInstance,
  runRoute: RouteRunner,
  serveSocket: (ws: WebSocket, request: FastifyRequest, kind: SocketKind) => void,
): void {
  const groups = new Map<string, RestRoute[]>();
  for (const r of restRoutes) {
    const key = `${r.method} ${routerPath(r.path)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const socketAt = new Map(SOCKET_PATHS.map(([path, kind]) => [`GET ${routerPath(path)}`, kind]));
  for (const [key, group] of groups) {
    const [method, url] = key.split(' ') as [RestRoute['method'], string];
    const socket = socketAt.get(key);
    app.route({
      method,
      url,
      ...(socket
        ? { config: { socket }, wsHandler: (ws, request) => serveSocket(ws, request, socket) }
        : {}),
      handler: async (request, reply) => {
        const path = urlFor(request).pathname;
        const picked = pickRoute(group, request.params as Record<string, string>, path);
        if (!picked) throw new ApiError(ApiErrorCode.NOT_FOUND, `no route ${method} ${path}`);
        return runRoute(picked.route, picked.params, request, reply);
      },
    });
  }
  // Sockets with no HTTP route of their own.
  for (const [key, socket] of socketAt) {
    if (groups.has(key)) continue;
    const url = key.slice('GET '.length);
    app.route({
      method: 'GET',
      url,
      config: { socket },
      wsHandler: (ws, request) => serveSocket(ws, request, socket),
      handler: async (request) => {
        throw new ApiError(ApiErrorCode.NOT_FOUND, `no route GET ${urlFor(request).pathname}`);
      },
    });
  }
}

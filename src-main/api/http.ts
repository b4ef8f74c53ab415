/**
 * The headless management API over HTTP and WebSocket, on fastify: on 127.0.0.1 unless asked
 * otherwise, and always behind the token (`Authorization: Bearer`, or `?token=` for the console
 * URL and browser WebSockets), with a bounded back-off per address for wrong tokens. Routes come
 * from the contract and the REST table in routes.ts; errors are `{"error": {code, message}}`.
 * WebSockets (`ws`, through @fastify/websocket) pass the same routing and token check as
 * requests before they are upgraded; a refusal is an HTTP answer.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { ApiError, ApiErrorCode, isCallName } from '../contract';
import type { AccessTokenStore, Principal } from '../auth/AccessTokenStore';
import { listen } from '../transports/listen';
import type { ApiServer } from './ApiServer';
import { authorizer } from './authorize';
import { apiHostNames } from './browserGuard';
import { loadConsoleFiles } from './consoleFiles';
import { placeholderPage, PLACEHOLDER_CSP } from './consolePlaceholder';
import { replyConsoleFile } from './consoleReply';
import { toApiError } from './errors';
import { API_HTTP_LIMITS, DEFAULT_API_PORT, type ApiHttpLimits } from './limits';
import { buildOpenApi } from './openapi';
import { ADMIN_NEED, allowedTo, forbidden, type Authorized } from './principal';
import {
  fromFastify,
  parseBody,
  SECURITY_HEADERS,
  sendError,
  sendJson,
  sendRaw,
  thingerStatus,
  urlOf,
} from './replies';
import {
  CALL_PREFIX,
  OPENAPI_PATH,
  pickRoute,
  RawBody,
  restRoutes,
  routerPath,
  type RestRoute,
} from './routes';
import { SOCKET_PATHS, socketNeed, socketParams, socketServer, type SocketKind } from './sockets';
import { MORE } from './thinger';
import { TokenGuard } from './TokenGuard';
import { tokenMatcher } from './token';
import { present } from '../contract/present';

/** Paths the API owns; everything else may be a file of the web console. */
const isApiPath = (p: string): boolean => /^\/(api|v1|v2|v3)\//.test(p);

export interface ApiHttpOptions {
  api: ApiServer;
  token: string;
  /** 127.0.0.1 by default: the API manages devices, so it is local unless asked. */
  host?: string;
  port?: number;
  guard?: TokenGuard;
  limits?: Partial<ApiHttpLimits>;
  log?: (message: string) => void;
  /** Named in the one-line error when the port cannot be bound (e.g. `--api-port`). */
  setting?: string;
  /** The built renderer, served from memory as the web console (a placeholder page when absent). */
  consoleDir?: string;
  /** Access tokens users create (JWTs): checked beside the console token. */
  tokens?: Pick<AccessTokenStore, 'verify' | 'changes'>;
}

export interface ApiHttp {
  host: string;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:25280`. */
  url: string;
  /** The console page with the token in its query: the one line headless mode prints. */
  consoleUrl: string;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the token check for API paths and upgrades. */
    auth: Extract<Authorized, { principal: Principal }> | null;
    /** An upgrade's path parameters (a stream's `resource` decoded like its REST route's). */
    socketParams: Record<string, string> | null;
    /** Set by urlFor in startApiHttp. */
    parsedUrl: URL | null;
  }
  interface FastifyContextConfig {
    socket?: SocketKind;
  }
}

export async function startApiHttp(options: ApiHttpOptions): Promise<ApiHttp> {
  const limits: ApiHttpLimits = { ...API_HTTP_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const { api, token } = options;
  let openapi: unknown;
  const authorize = authorizer({
    token,
    guard: options.guard ?? new TokenGuard(),
    hostNames: apiHostNames(host),
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });

  // Read before anything listens: a folder over its bounds stops the start with the reason.
  const consoleFiles = options.consoleDir
    ? loadConsoleFiles(
        options.consoleDir,
        { maxBytes: limits.maxConsoleBytes, maxFiles: limits.maxConsoleFiles },
        options.log,
      )
    : null;

  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    // Slow-loris bounds: headers within 10 s (below), a whole request within 60 s.
    requestTimeout: 60_000,
    // Resource names and ids are as long as their owners make them; the URL bounds them.
    routerOptions: { maxParamLength: 16 * 1024 },
    forceCloseConnections: true,
    // A URL the router cannot decode, a bad header: the same JSON errors as everything else.
    frameworkErrors: (e, request, reply) => {
      // Refused before routing, an upgrade's socket is ours to close (no route hook will).
      if (request.headers.upgrade)
        reply.header('connection', 'close').raw.once('finish', () => request.raw.socket.destroy());
      sendError(reply, fromFastify(e, limits.maxBodyBytes) ?? toApiError(e, options.log));
    },
  });
  app.server.maxConnections = limits.maxConnections;
  app.server.headersTimeout = 10_000;
  await app.register(fastifyWebsocket, {
    options: { maxPayload: limits.maxWsMessageBytes },
    // Our close() ends every socket at once.
    preClose: (done) => done(),
  });
  const wss = app.websocketServer;

  // Bodies stay bytes until the route says what it takes (JSON, PSON bytes or text).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.decorateRequest('auth', null);
  app.decorateRequest('socketParams', null);
  app.decorateRequest('parsedUrl', null);
  /** The request's URL, parsed once (every request's hook, route and reply read it). */
  const urlFor = (request: FastifyRequest): URL => (request.parsedUrl ??= urlOf(request.raw));
  // Console files and `/` need no token; the API and every upgrade do, before their route.
  // (Callback hooks: an async hook costs every request a promise and a microtask more.)
  app.addHook('onRequest', (request, reply, done) => {
    let url: URL;
    try {
      url = urlFor(request);
    } catch (e) {
      return done(e as Error);
    }
    if (!request.ws && !isApiPath(url.pathname)) return done();
    const auth = authorize(request.raw, url);
    // Answered here: the chain stops without done().
    if ('error' in auth) return void sendError(reply, auth.error, auth.headers);
    request.auth = auth;
    done();
  });
  // An upgrade reaches only the routes that serve a socket, and only as many as the bound.
  const checkUpgrade = (request: FastifyRequest): void => {
    const kind = request.routeOptions.config.socket;
    const path = urlFor(request).pathname;
    const params = kind ? socketParams(kind, request.params as Record<string, string>, path) : null;
    if (!kind || !params) throw new ApiError(ApiErrorCode.NOT_FOUND, `no WebSocket at ${path}`);
    if (wss.clients.size >= limits.maxSockets)
      throw new ApiError(ApiErrorCode.RATE_LIMITED, `${limits.maxSockets} WebSockets already open`);
    request.socketParams = params;
    const { need, user } = socketNeed(kind, params);
    const { principal } = authOf(request);
    if (!allowedTo(principal, need, user)) throw forbidden(need, principal, user);
  };
  app.addHook('preHandler', (request, _reply, done) => {
    if (!request.ws) return done();
    try {
      checkUpgrade(request);
    } catch (e) {
      return done(e as Error);
    }
    done();
  });

  app.setErrorHandler((e, _request, reply) => {
    const err = fromFastify(e, limits.maxBodyBytes) ?? toApiError(e, options.log);
    // An oversized body is not read to its end: answer, then close the connection.
    if (err.code === ApiErrorCode.PAYLOAD_TOO_LARGE) reply.header('connection', 'close');
    return sendError(reply, err);
  });
  app.setNotFoundHandler((request, reply) => {
    const url = urlFor(request);
    if (request.ws) throw new ApiError(ApiErrorCode.NOT_FOUND, `no WebSocket at ${url.pathname}`);
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && consoleFiles && !isApiPath(url.pathname)) {
      const sent = replyConsoleFile(consoleFiles, url.pathname, request, reply);
      if (sent) return sent;
    } else if (read && url.pathname === '/') {
      const given = url.searchParams.get('token');
      return reply
        .headers({
          ...SECURITY_HEADERS,
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': PLACEHOLDER_CSP,
        })
        .send(placeholderPage(tokenMatcher(token)(given) ? given : null));
    }
    // Not the API and not a file of the console: nothing to authorize, nothing to find.
    if (!isApiPath(url.pathname))
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no page ${url.pathname}`);
    throw new ApiError(ApiErrorCode.NOT_FOUND, `no route ${request.method} ${url.pathname}`);
  });

  const callerOf = (p: Principal): string =>
    p.kind === 'console' ? 'console' : `token:${p.token}`;
  /** The caller going away cancels its call. */
  const abortOnClose = (reply: FastifyReply): AbortSignal => {
    const ctl = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) ctl.abort();
    });
    return ctl.signal;
  };

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

  const runRoute = async (
    r: RestRoute,
    params: Record<string, string>,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> => {
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

  const sockets = socketServer(api, limits, options.tokens);
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

  // REST routes sharing a router path (a `{name+}` wildcard) are one route, told apart here.
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

  await app.ready();
  const port = await listen(
    app.server,
    { host, port: options.port ?? DEFAULT_API_PORT },
    'management API',
    options.setting ?? 'api port',
  ).catch(async (e: unknown) => {
    sockets.close();
    await app.close();
    throw e;
  });
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  return {
    host,
    port,
    url,
    consoleUrl: `${url}/?token=${encodeURIComponent(token)}`,
    close: async () => {
      sockets.close();
      for (const ws of wss.clients) ws.terminate();
      app.server.closeAllConnections();
      await app.close();
      if (app.server.listening) await new Promise((r) => app.server.close(r));
    },
  };
}

/** The caller of a route behind the auth hook, which sets it before any handler runs. */
function authOf(request: FastifyRequest): NonNullable<FastifyRequest['auth']> {
  return present(request.auth, 'request authorization (set by the auth hook)');
}

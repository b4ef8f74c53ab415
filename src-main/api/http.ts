/**
 * The headless management API over HTTP and WebSocket, on fastify: on 127.0.0.1 unless asked
 * otherwise, and always behind the token (`Authorization: Bearer`, or `?token=` for the console
 * URL and browser WebSockets), with a bounded back-off per address for wrong tokens. Routes come
 * from the contract and the REST table in routes.ts; errors are `{"error": {code, message}}`.
 * WebSockets (`ws`, through @fastify/websocket) pass the same routing and token check as
 * requests before they are upgraded; a refusal is an HTTP answer. This file builds and starts the
 * server; accessHooks (the token check), apiRoutes (the routes), consolePages (everything else)
 * and apiRequest (what the hooks put on a request) do the rest.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import { ApiErrorCode } from '../contract';
import type { AccessTokenStore } from '../auth/AccessTokenStore';
import { listen } from '../transports/listen';
import type { ApiServer } from './ApiServer';
import { addAccessHooks } from './accessHooks';
import { decorateRequests } from './apiRequest';
import { addApiRoutes } from './apiRoutes';
import { authorizer } from './authorize';
import { apiHostNames } from './browserGuard';
import { loadConsoleFiles } from './consoleFiles';
import { consolePages } from './consolePages';
import { toApiError } from './errors';
import { API_HTTP_LIMITS, DEFAULT_API_PORT, type ApiHttpLimits } from './limits';
import { fromFastify, sendError } from './replies';
import { socketServer } from './sockets';
import { TokenGuard } from './TokenGuard';

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

export async function startApiHttp(options: ApiHttpOptions): Promise<ApiHttp> {
  const limits: ApiHttpLimits = { ...API_HTTP_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const { api, token } = options;
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

  decorateRequests(app);
  addAccessHooks(app, authorize, limits.maxSockets);

  app.setErrorHandler((e, _request, reply) => {
    const err = fromFastify(e, limits.maxBodyBytes) ?? toApiError(e, options.log);
    // An oversized body is not read to its end: answer, then close the connection.
    if (err.code === ApiErrorCode.PAYLOAD_TOO_LARGE) reply.header('connection', 'close');
    return sendError(reply, err);
  });
  app.setNotFoundHandler(consolePages(consoleFiles, token));

  const sockets = socketServer(api, limits, options.tokens);
  addApiRoutes(app, { api, sockets, ...(options.log ? { log: options.log } : {}) });

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

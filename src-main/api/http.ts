/**
 * The headless management API over HTTP and WebSocket: on 127.0.0.1 unless asked otherwise, and
 * always behind the token (`Authorization: Bearer`, or `?token=` for the console URL and browser
 * WebSockets), with a bounded back-off per address for wrong tokens. Routes come from the
 * contract and the REST table in routes.ts; errors are `{"error": {code, message}}`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiError, ApiErrorCode, HTTP_STATUS, isCallName } from '../contract';
import type { ApiServer } from './ApiServer';
import { toApiError } from './errors';
import { API_HTTP_LIMITS, DEFAULT_API_PORT, type ApiHttpLimits } from './limits';
import { buildOpenApi } from './openapi';
import {
  CALL_PREFIX,
  CONTRACT_WS_PATH,
  matchPath,
  OPENAPI_PATH,
  restRoutes,
  THINGER_RESOURCE_PATH,
} from './routes';
import { TokenGuard } from './TokenGuard';
import { tokenMatches } from './token';
import { listen } from '../transports/listen';
import { consoleFile } from './consoleFiles';
import { serveContractSocket, serveResourceStream } from './ws';

/** Paths the API owns; everything else may be a file of the web console. */
const isApiPath = (p: string): boolean => p.startsWith('/api/') || p.startsWith('/v3/');

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
  /** The built renderer, served as the web console (a placeholder page when absent). */
  consoleDir?: string;
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

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body === undefined ? null : body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError, headers = {}): void {
  sendJson(res, HTTP_STATUS[e.code], { error: e.toJSON() }, headers);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Until the renderer is served here (a later issue), `/` says so and points at the API. */
function placeholderPage(token: string | null): string {
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IoTMP Studio</title></head>
<body>
<h1>IoTMP Studio</h1>
<p>The broker is running. The web console is coming; until then, use the API.</p>
<ul>
<li>API description (OpenAPI 3.1): <a href="${escapeHtml(OPENAPI_PATH + q)}">${escapeHtml(OPENAPI_PATH)}</a></li>
<li>Devices: <code>GET /v3/users/{user}/devices</code>; a resource: <code>GET|POST /v3/users/{user}/devices/{device}/resources/{resource}</code></li>
</ul>
</body></html>
`;
}

/** Reads the body up to the bound; undefined when empty. */
function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(tooLarge(maxBytes));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(
          new ApiError(ApiErrorCode.BAD_REQUEST, `the body is not JSON: ${(e as Error).message}`),
        );
      }
    });
  });
}

const tooLarge = (max: number): ApiError =>
  new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, `the body is over ${max} bytes`);

/** The request's URL; a path the URL parser refuses (`//`, …) is a BAD_REQUEST. */
function urlOf(req: IncomingMessage): URL {
  try {
    // A fixed base: only the path and query are used, never the Host header.
    return new URL((req.url ?? '/').replace(/^\/+/, '/'), 'http://api');
  } catch {
    throw new ApiError(ApiErrorCode.BAD_REQUEST, 'the request URL cannot be parsed');
  }
}

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token');
}

export async function startApiHttp(options: ApiHttpOptions): Promise<ApiHttp> {
  const limits: ApiHttpLimits = { ...API_HTTP_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const guard = options.guard ?? new TokenGuard();
  const { api, token } = options;
  let openapi: unknown;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxWsMessageBytes });

  /** null when the request may go on; otherwise the error to answer with. */
  const authorize = (
    req: IncomingMessage,
    url: URL,
  ): { error: ApiError; headers: object } | null => {
    const address = req.socket.remoteAddress ?? '?';
    const wait = guard.blockedFor(address);
    if (wait > 0)
      return {
        error: new ApiError(
          ApiErrorCode.RATE_LIMITED,
          `too many wrong tokens from ${address}: try again in ${Math.ceil(wait / 1000)} s`,
        ),
        headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
      };
    const given = tokenOf(req, url);
    if (tokenMatches(token, given)) {
      guard.succeed(address);
      return null;
    }
    guard.fail(address);
    return {
      error: new ApiError(
        ApiErrorCode.UNAUTHORIZED,
        given
          ? 'wrong API token'
          : 'the API token is missing: send Authorization: Bearer <token> or ?token=<token> (headless mode prints it in its console: line)',
      ),
      headers: { 'www-authenticate': 'Bearer' },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = urlOf(req);
    const method = req.method ?? 'GET';
    if ((method === 'GET' || method === 'HEAD') && !isApiPath(url.pathname)) {
      const file = consoleFile(options.consoleDir, url.pathname);
      if (file) {
        res.writeHead(200, { ...file.headers, 'content-length': String(file.body.length) });
        res.end(method === 'HEAD' ? undefined : file.body);
        return;
      }
    }
    if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      const given = url.searchParams.get('token');
      const html = placeholderPage(tokenMatches(token, given) ? given : null);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'",
      });
      res.end(method === 'HEAD' ? undefined : html);
      return;
    }
    if (!isApiPath(url.pathname) && url.pathname !== '/') {
      // Not the API and not a file of the console: nothing to authorize, nothing to find.
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no page ${url.pathname}`);
    }
    const denied = authorize(req, url);
    if (denied) return sendError(res, denied.error, denied.headers);

    // The caller going away cancels its call.
    const ctl = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) ctl.abort();
    });

    if (url.pathname === OPENAPI_PATH && method === 'GET') {
      openapi ??= buildOpenApi();
      return sendJson(res, 200, openapi);
    }
    if (url.pathname.startsWith(CALL_PREFIX)) {
      const name = url.pathname.slice(CALL_PREFIX.length);
      if (!isCallName(name)) throw new ApiError(ApiErrorCode.NOT_FOUND, `no call named "${name}"`);
      if (method !== 'POST')
        throw new ApiError(ApiErrorCode.NOT_FOUND, `${CALL_PREFIX}${name} takes POST`);
      const body = await readJson(req, limits.maxBodyBytes);
      return sendJson(res, 200, await api.call(name, body ?? {}, ctl.signal));
    }
    for (const r of restRoutes) {
      if (r.method !== method) continue;
      const params = matchPath(r.path, url.pathname);
      if (!params) continue;
      const body = method === 'POST' ? await readJson(req, limits.maxBodyBytes) : undefined;
      const result = await api.call(r.call, r.input(params, url.searchParams, body), ctl.signal);
      return sendJson(res, 200, r.output ? r.output(result) : result);
    }
    throw new ApiError(ApiErrorCode.NOT_FOUND, `no route ${method} ${url.pathname}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err = toApiError(e, options.log);
      if (res.headersSent) return void res.destroy();
      // An oversized body is not read to its end: answer, then close the connection.
      if (err.code === ApiErrorCode.PAYLOAD_TOO_LARGE) res.setHeader('connection', 'close');
      sendError(res, err);
    });
  });
  server.maxConnections = limits.maxConnections;
  // Slow-loris bounds: headers within 10 s, a whole request within 60 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  const refuseUpgrade = (socket: Duplex, e: ApiError, headers: object = {}): void => {
    const body = JSON.stringify({ error: e.toJSON() });
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${String(v)}\r\n`)
      .join('');
    socket.end(
      `HTTP/1.1 ${HTTP_STATUS[e.code]} ${e.code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
    );
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = urlOf(req);
    } catch (e) {
      return refuseUpgrade(socket, toApiError(e));
    }
    const denied = authorize(req, url);
    if (denied) return refuseUpgrade(socket, denied.error, denied.headers);
    if (wss.clients.size >= limits.maxSockets)
      return refuseUpgrade(
        socket,
        new ApiError(ApiErrorCode.RATE_LIMITED, `${limits.maxSockets} WebSockets already open`),
      );
    const stream = matchPath(THINGER_RESOURCE_PATH, url.pathname);
    if (url.pathname !== CONTRACT_WS_PATH && !stream)
      return refuseUpgrade(
        socket,
        new ApiError(ApiErrorCode.NOT_FOUND, `no WebSocket at ${url.pathname}`),
      );
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      if (stream)
        serveResourceStream(ws, api, limits, {
          user: stream.user!,
          device: stream.device!,
          resource: stream.resource!,
          intervalSeconds: url.searchParams.get('interval'),
        });
      else serveContractSocket(ws, api, limits);
    });
  });

  const port = await listen(
    server,
    { host, port: options.port ?? DEFAULT_API_PORT },
    'management API',
    options.setting ?? 'api port',
  );
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  return {
    host,
    port,
    url,
    consoleUrl: `${url}/?token=${encodeURIComponent(token)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

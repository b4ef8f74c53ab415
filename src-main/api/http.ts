/**
 * The headless management API over HTTP and WebSocket: on 127.0.0.1 unless asked otherwise, and
 * always behind the token (`Authorization: Bearer`, or `?token=` for the console URL and browser
 * WebSockets), with a bounded back-off per address for wrong tokens. Routes come from the
 * contract and the REST table in routes.ts; errors are `{"error": {code, message}}`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
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
  RawBody,
  restRoutes,
  THINGER_RESOURCE_PATH,
  THINGER_RESOURCES_SOCKET_PATH,
  type RestRoute,
} from './routes';
import { apiHostNames, foreignRequest } from './browserGuard';
import { parseJsonBody } from './jsonDepth';
import { TokenGuard } from './TokenGuard';
import { tokenMatches } from './token';
import { listen } from '../transports/listen';
import { consoleFile } from './consoleFiles';
import { serveContractSocket, serveResourceStream } from './ws';
import { serveEventsSocket, serveResourcesSocket } from './thingerSockets';
import { MORE } from './thinger';
import { looksLikeJwt } from '../auth/jwt';
import { ADMIN_NEED, allowedTo, forbidden, type Authorized } from './principal';
import type { AccessTokenStore, Principal } from '../auth/AccessTokenStore';

/** Paths the API owns; everything else may be a file of the web console. */
const isApiPath = (p: string): boolean => /^\/(api|v1|v2|v3)\//.test(p);
/** Thinger's user events socket. */
const EVENTS_SOCKET_PATHS = ['/v1/users/{user}/events', '/v2/users/{user}/events'];

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

/** `/` when no built console is given (`consoleDir` unset or not built): says so and points at the API. */
function placeholderPage(token: string | null): string {
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IoTMP Studio</title></head>
<body>
<h1>IoTMP Studio</h1>
<p>The broker is running. The web console is not built in this copy (<code>npm run build</code> builds it); the API works without it.</p>
<ul>
<li>API description (OpenAPI 3.1): <a href="${escapeHtml(OPENAPI_PATH + q)}">${escapeHtml(OPENAPI_PATH)}</a></li>
<li>Devices: <code>GET /v3/users/{user}/devices</code>; a resource: <code>GET|POST /v3/users/{user}/devices/{device}/resources/{resource}</code></li>
</ul>
</body></html>
`;
}

/** Reads the body up to the bound; undefined when empty. */
async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return parseBody(await readBody(req, maxBytes), 'application/json');
}

function sendRaw(res: ServerResponse, r: RawBody): void {
  const body = Buffer.from(r.body, 'utf8');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': r.contentType,
    'content-length': body.length,
    ...(r.filename
      ? { 'content-disposition': `attachment; filename="${r.filename.replace(/[^\w.-]/g, '_')}"` }
      : {}),
  });
  res.end(body);
}

/** Reads the body up to the bound. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
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
    req.on('end', () => resolve(Buffer.concat(chunks)));
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

/** `Authorization: Bearer`, or `?authorization=` (Thinger's clients) or `?token=` (the console). */
function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('authorization') ?? url.searchParams.get('token');
}

/** A body as the route takes it: JSON, bytes (octet-stream: PSON bytes), text, or nothing. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  // Node-RED's Thinger nodes send buffers as "application/octec-stream;" (sic).
  if (type.startsWith('application/octet-stream') || type.startsWith('application/octec-stream'))
    return { $bytes: raw.toString('hex') };
  const text = raw.toString('utf8');
  if (type.startsWith('text/')) return text;
  if (text.trim() === '') return undefined;
  return parseJsonBody(text);
}

/**
 * Thinger's clients read 404 as "device not connected" (mobile app, VS Code extension) and
 * expect 400 for an asset that exists; an unknown resource is an ERROR with nothing more from
 * the device (IOTMP.md §7.3), so 404 too.
 */
function thingerStatus(e: ApiError): number {
  if (e.code === ApiErrorCode.DEVICE_OFFLINE || e.code === ApiErrorCode.DEVICE_DISCONNECTED)
    return 404;
  if (e.code === ApiErrorCode.CONFLICT) return 400;
  if (e.code === ApiErrorCode.DEVICE_ERROR) {
    const d = (e.detail ?? {}) as { code?: unknown; payload?: unknown };
    if (typeof d.code === 'number' && d.code >= 400 && d.code < 600) return d.code;
    if ((d.code ?? null) === null && (d.payload ?? null) === null) return 404;
  }
  return HTTP_STATUS[e.code];
}

export async function startApiHttp(options: ApiHttpOptions): Promise<ApiHttp> {
  const limits: ApiHttpLimits = { ...API_HTTP_LIMITS, ...options.limits };
  const host = options.host ?? '127.0.0.1';
  const guard = options.guard ?? new TokenGuard();
  const { api, token } = options;
  let openapi: unknown;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxWsMessageBytes });

  const hostNames = apiHostNames(host);

  /**
   * The principal when the request may go on; otherwise the error to answer with. D4: a foreign
   * page's request is refused before the token is looked at (never counted), a valid token
   * always gets through, and only a presented wrong token counts against its address.
   */
  const authorize = (req: IncomingMessage, url: URL): Authorized => {
    const foreign = foreignRequest(req.headers, hostNames);
    if (foreign) return { error: new ApiError(ApiErrorCode.FORBIDDEN, foreign), headers: {} };
    const address = req.socket.remoteAddress ?? '?';
    const given = tokenOf(req, url);
    if (tokenMatches(token, given)) return { principal: { kind: 'console' }, jwt: null };
    const jwt =
      given && options.tokens && looksLikeJwt(given) ? options.tokens.verify(given) : null;
    if (jwt?.ok) return { principal: jwt.principal, jwt: given };
    const wait = given ? guard.blockedFor(address) : 0;
    if (wait > 0)
      return {
        error: new ApiError(
          ApiErrorCode.RATE_LIMITED,
          `too many wrong tokens from ${address}: try again in ${Math.ceil(wait / 1000)} s`,
        ),
        headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
      };
    if (given) guard.fail(address);
    if (jwt) {
      const v = jwt;
      return {
        error: new ApiError(
          ApiErrorCode.UNAUTHORIZED,
          v.reason === 'expired'
            ? 'the access token has expired'
            : v.reason === 'revoked'
              ? 'the access token was revoked (deleted)'
              : v.reason === 'disabled'
                ? 'the access token is disabled'
                : 'the access token is not valid here',
        ),
        headers: { 'www-authenticate': 'Bearer' },
      };
    }
    return {
      error: new ApiError(
        ApiErrorCode.UNAUTHORIZED,
        given
          ? 'wrong API token'
          : 'the API token is missing: send Authorization: Bearer <token>, ?authorization=<token> or ?token=<token> (headless mode prints it in its console: line)',
      ),
      headers: { 'www-authenticate': 'Bearer' },
    };
  };

  const callerOf = (p: Principal): string =>
    p.kind === 'console' ? 'console' : `token:${p.token}`;

  const runRoute = async (
    r: RestRoute,
    params: Record<string, string>,
    url: URL,
    body: unknown,
    principal: Principal,
    signal: AbortSignal,
  ): Promise<unknown> => {
    const call = (name: string, input: unknown): Promise<unknown> =>
      api.call(name, input, signal, { caller: callerOf(principal) });
    if (r.run) return r.run(call, params, url.searchParams, body);
    const result = await call(r.call, r.input(params, url.searchParams, body));
    return r.output ? r.output(result, url.searchParams) : result;
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
    const auth = authorize(req, url);
    if ('error' in auth) return sendError(res, auth.error, auth.headers);
    const { principal } = auth;

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
      // The whole contract: the console's token or an admin access token only.
      if (!allowedTo(principal, ADMIN_NEED)) throw forbidden(ADMIN_NEED);
      const name = url.pathname.slice(CALL_PREFIX.length);
      if (!isCallName(name)) throw new ApiError(ApiErrorCode.NOT_FOUND, `no call named "${name}"`);
      if (method !== 'POST')
        throw new ApiError(ApiErrorCode.NOT_FOUND, `${CALL_PREFIX}${name} takes POST`);
      const body = await readJson(req, limits.maxBodyBytes);
      return sendJson(
        res,
        200,
        await api.call(name, body ?? {}, ctl.signal, { caller: callerOf(principal) }),
      );
    }
    for (const r of restRoutes) {
      if (r.method !== method) continue;
      const params = matchPath(r.path, url.pathname);
      if (!params) continue;
      const need = r.scope?.(params) ?? ADMIN_NEED;
      if (!allowedTo(principal, need, params.user)) throw forbidden(need, principal, params.user);
      const body =
        method === 'GET' || method === 'DELETE'
          ? undefined
          : parseBody(await readBody(req, limits.maxBodyBytes), req.headers['content-type']);
      try {
        const out = await runRoute(r, params, url, body, principal, ctl.signal);
        if (out instanceof RawBody) return sendRaw(res, out);
        const more = Array.isArray(out) && (out as unknown as Record<symbol, unknown>)[MORE];
        return sendJson(res, 200, out, more ? { 'x-more-records': 'true' } : {});
      } catch (e) {
        if (!r.thinger) throw e;
        const err = toApiError(e, options.log);
        return sendJson(res, thingerStatus(err), { error: err.toJSON() });
      }
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
    const auth = authorize(req, url);
    if ('error' in auth) return refuseUpgrade(socket, auth.error, auth.headers);
    const { principal } = auth;
    if (wss.clients.size >= limits.maxSockets)
      return refuseUpgrade(
        socket,
        new ApiError(ApiErrorCode.RATE_LIMITED, `${limits.maxSockets} WebSockets already open`),
      );
    const stream = matchPath(THINGER_RESOURCE_PATH, url.pathname);
    const resources = stream ? null : matchPath(THINGER_RESOURCES_SOCKET_PATH, url.pathname);
    const events = EVENTS_SOCKET_PATHS.map((t) => matchPath(t, url.pathname)).find(Boolean);
    let need;
    if (stream)
      need = {
        type: 'Device',
        id: stream.device!,
        action: 'AccessDeviceResources',
        resource: stream.resource!,
      };
    // Each control message is checked against the resource it names (thingerSockets.ts).
    else if (resources)
      need = { type: 'Device', id: resources.device!, action: 'ListDeviceResources' };
    else if (events) need = { type: 'User', id: events.user!, action: 'SubscribeUserEvents' };
    else if (url.pathname === CONTRACT_WS_PATH) need = ADMIN_NEED;
    else
      return refuseUpgrade(
        socket,
        new ApiError(ApiErrorCode.NOT_FOUND, `no WebSocket at ${url.pathname}`),
      );
    const user = (stream ?? resources ?? events)?.user;
    if (!allowedTo(principal, need, user))
      return refuseUpgrade(socket, forbidden(need, principal, user));
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      // A token revoked, disabled or expired while its socket is open closes it at once.
      if (auth.jwt) opened.set(ws, auth.jwt);
      ws.on('close', () => opened.delete(ws));
      if (stream)
        serveResourceStream(ws, api, limits, {
          user: stream.user!,
          device: stream.device!,
          resource: stream.resource!,
          intervalSeconds: url.searchParams.get('interval'),
        });
      else if (resources)
        serveResourcesSocket(ws, api, limits, {
          user: resources.user!,
          device: resources.device!,
          allowed: (resource: string) =>
            allowedTo(
              principal,
              { type: 'Device', id: resources.device!, action: 'AccessDeviceResources', resource },
              resources.user,
            ),
        });
      else if (events) serveEventsSocket(ws, api, limits, events.user!);
      else serveContractSocket(ws, api, limits);
    });
  });

  /** Sockets opened with an access token, and the token: re-checked when tokens change. */
  const opened = new Map<WebSocket, string>();
  const recheck = (): void => {
    for (const [ws, jwt] of opened) {
      const v = options.tokens?.verify(jwt);
      if (v && !v.ok) {
        opened.delete(ws);
        ws.close(4401, `UNAUTHORIZED: the access token is ${v.reason}`);
      }
    }
  };
  const offTokens = options.tokens?.changes.on('changed', recheck);
  // Expiry needs no change to happen: look once a second while token sockets are open.
  const expiryTimer = setInterval(() => {
    if (opened.size > 0) recheck();
  }, 1000);
  expiryTimer.unref();

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
        offTokens?.();
        clearInterval(expiryTimer);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

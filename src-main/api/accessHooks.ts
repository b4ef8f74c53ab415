/**
 * The token check every API request and every upgrade passes before its route: console files and
 * `/` need no token; an upgrade reaches only a route that serves a socket, within the bound of
 * open sockets, and only with a token allowed to open it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, ApiErrorCode } from '../contract';
import { authOf, isApiPath, urlFor } from './apiRequest';
import type { authorizer } from './authorize';
import { allowedTo, forbidden } from './principal';
import { sendError } from './replies';
import { socketNeed, socketParams } from './sockets';

export function addAccessHooks(
  app: FastifyInstance,
  authorize: ReturnType<typeof authorizer>,
  maxSockets: number,
): void {
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
    if (app.websocketServer.clients.size >= maxSockets)
      throw new ApiError(ApiErrorCode.RATE_LIMITED, `${maxSockets} WebSockets already open`);
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
}

/**
 * What the API's hooks put on a fastify request (its URL parsed once, the authorized caller, an
 * upgrade's path parameters) and reading it back; which paths belong to the API at all.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/AccessTokenStore';
import { present } from '../contract/present';
import type { Authorized } from './principal';
import { urlOf } from './replies';
import type { SocketKind } from './sockets';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the token check for API paths and upgrades. */
    auth: Extract<Authorized, { principal: Principal }> | null;
    /** An upgrade's path parameters (a stream's `resource` decoded like its REST route's). */
    socketParams: Record<string, string> | null;
    /** Set by urlFor. */
    parsedUrl: URL | null;
  }
  interface FastifyContextConfig {
    socket?: SocketKind;
  }
}

/** Paths the API owns; everything else may be a file of the web console. */
export const isApiPath = (p: string): boolean => /^\/(api|v1|v2|v3)\//.test(p);

/** Declares the fields above on every request (fastify's shape stays the same per request). */
export function decorateRequests(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('socketParams', null);
  app.decorateRequest('parsedUrl', null);
}

/** The request's URL, parsed once (every request's hook, route and reply read it). */
export const urlFor = (request: FastifyRequest): URL => (request.parsedUrl ??= urlOf(request.raw));

/** The caller of a route behind the auth hook, which sets it before any handler runs. */
export function authOf(request: FastifyRequest): NonNullable<FastifyRequest['auth']> {
  return present(request.auth, 'request authorization (set by the auth hook)');
}

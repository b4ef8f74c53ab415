/**
 * What the API server answers outside its routes: a file of the web console (served from memory),
 * the placeholder page at `/` when no console was built, and a JSON 404 for everything else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ApiErrorCode } from '../contract';
import { isApiPath, urlFor } from './apiRequest';
import type { ConsoleFiles } from './consoleFiles';
import { placeholderPage, PLACEHOLDER_CSP } from './consolePlaceholder';
import { replyConsoleFile } from './consoleReply';
import { SECURITY_HEADERS } from './replies';
import { tokenMatcher } from './token';

/** The not-found handler: `consoleFiles` null means the placeholder page. */
export function consolePages(
  consoleFiles: ConsoleFiles | null,
  token: string,
): (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined {
  const tokenIs = tokenMatcher(token);
  return (request, reply) => {
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
        .send(placeholderPage(tokenIs(given) ? given : null));
    }
    // Not the API and not a file of the console: nothing to authorize, nothing to find.
    if (!isApiPath(url.pathname))
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no page ${url.pathname}`);
    throw new ApiError(ApiErrorCode.NOT_FOUND, `no route ${request.method} ${url.pathname}`);
  };
}

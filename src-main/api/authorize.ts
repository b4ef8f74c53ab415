/**
 * Who is calling: every API request and every WebSocket upgrade passes here before its route.
 * D4: a foreign page's request is refused before the token is looked at (never counted), a valid
 * token always gets through, and only a presented wrong token counts against its address.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError, ApiErrorCode } from '../contract';
import { looksLikeJwt } from '../auth/jwt';
import type { AccessTokenStore } from '../auth/AccessTokenStore';
import { foreignRequest } from './browserGuard';
import type { Authorized } from './principal';
import type { TokenGuard } from './TokenGuard';
import { tokenMatcher } from './token';

export interface AuthorizeOptions {
  /** The console's token. */
  token: string;
  guard: TokenGuard;
  /** Names the API answers to (browserGuard.ts). */
  hostNames: Set<string>;
  /** Access tokens users create (JWTs): checked beside the console token. */
  tokens?: Pick<AccessTokenStore, 'verify'>;
}

/** `Authorization: Bearer`, or `?authorization=` (Thinger's clients) or `?token=` (the console). */
function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('authorization') ?? url.searchParams.get('token');
}

const JWT_REFUSED = {
  expired: 'the access token has expired',
  revoked: 'the access token was revoked (deleted)',
  disabled: 'the access token is disabled',
} as Record<string, string>;

/** The principal when the request may go on; otherwise the error (and headers) to answer with. */
export function authorizer(o: AuthorizeOptions): (req: IncomingMessage, url: URL) => Authorized {
  const isConsoleToken = tokenMatcher(o.token);
  return (req, url) => {
    const foreign = foreignRequest(req.headers, o.hostNames);
    if (foreign) return { error: new ApiError(ApiErrorCode.FORBIDDEN, foreign), headers: {} };
    const address = req.socket.remoteAddress ?? '?';
    const given = tokenOf(req, url);
    if (isConsoleToken(given)) return { principal: { kind: 'console' }, jwt: null };
    const jwt = given && o.tokens && looksLikeJwt(given) ? o.tokens.verify(given) : null;
    if (jwt?.ok) return { principal: jwt.principal, jwt: given };
    const wait = given ? o.guard.blockedFor(address) : 0;
    if (wait > 0)
      return {
        error: new ApiError(
          ApiErrorCode.RATE_LIMITED,
          `too many wrong tokens from ${address}: try again in ${Math.ceil(wait / 1000)} s`,
        ),
        headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
      };
    if (given) o.guard.fail(address);
    const message = jwt
      ? (JWT_REFUSED[jwt.reason] ?? 'the access token is not valid here')
      : given
        ? 'wrong API token'
        : 'the API token is missing: send Authorization: Bearer <token>, ?authorization=<token> or ?token=<token> (headless mode prints it in its console: line)';
    return {
      error: new ApiError(ApiErrorCode.UNAUTHORIZED, message),
      headers: { 'www-authenticate': 'Bearer' },
    };
  };
}

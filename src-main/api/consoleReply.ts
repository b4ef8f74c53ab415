/**
 * Answers GET/HEAD for a file of the web console from memory (consoleFiles.ts): its type, a
 * strong ETag and 304 for a copy the browser has, brotli or gzip when the client takes it, and
 * the page itself with the same strict CSP as the desktop window. The files are the public app
 * bundle, so they need no token; everything they do goes through the API, which does.
 */
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleEncoding, ConsoleFile, ConsoleFiles } from './consoleFiles';

/** The console's CSP: scripts from the app only, WebSockets back to this server ('self'). */
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Browsers send a handful of distinct Accept-Encoding values: the answers are worth keeping.
const negotiators = new Map<string, Negotiator>();
function encodingFor(file: ConsoleFile, accept: string | undefined): ConsoleEncoding | null {
  if (!accept) return null;
  const offered = (['br', 'gzip'] as const).filter((e) => file.encoded[e]);
  if (offered.length === 0) return null;
  const key = offered.join(',');
  let n = negotiators.get(key);
  if (!n)
    negotiators.set(key, (n = new Negotiator({ supportedValues: offered, cache: new Map() })));
  return n.negotiate(accept) as ConsoleEncoding | null;
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): does the client hold this version? */
function holds(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * The file for a decoded path: `/` is the page; a path with no file name extension outside
 * `assets/` (one of the console's own routes, typed or bookmarked) gets the page too when a
 * browser asks for HTML. Anything else missing is null (the caller's 404).
 */
function pick(files: ConsoleFiles, path: string, accept: string | undefined): ConsoleFile | null {
  if (path === '/') return files.index;
  const file = files.get(path);
  if (file) return file;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const route = !path.startsWith('/assets/') && !last.includes('.');
  return route && accept?.includes('text/html') ? files.index : null;
}

/** Sends the console's file for `pathname` (as the URL has it), or returns null when there is none. */
export function replyConsoleFile(
  files: ConsoleFiles,
  pathname: string,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const { headers } = request;
  const file = pick(files, path, headers.accept);
  if (!file) return null;
  const encoding = encodingFor(file, headers['accept-encoding']);
  const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
  reply.headers({
    etag,
    'cache-control': file.cacheControl,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(file.compressible ? { vary: 'accept-encoding' } : {}),
    ...(file.contentType.startsWith('text/html') ? { 'content-security-policy': CONSOLE_CSP } : {}),
  });
  if (holds(headers['if-none-match'], etag)) return reply.code(304).send();
  if (encoding) reply.header('content-encoding', encoding);
  // HEAD: fastify sends the headers and the length, Node leaves the body out.
  return reply
    .code(200)
    .header('content-type', file.contentType)
    .send(encoding ? file.encoded[encoding] : file.body);
}

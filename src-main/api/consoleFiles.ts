/**
 * Serves the built renderer (`out/renderer`) as the web console, through @fastify/static (paths
 * stay inside the folder, ETag/Last-Modified revalidation). The files are the public app bundle,
 * so they need no token; everything they do goes through the API, which does. HTML gets the same
 * strict CSP as the desktop window. Without a built console, `/` says so and points at the API.
 */
import fastifyStatic from '@fastify/static';
import { relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_PATH } from './routes';

/** The console's CSP: scripts from the app only, WebSockets back to this server ('self'). */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves `dir` at `/` for GET and HEAD; a path it has no file for, or that `isApi`, goes on to the not-found handler. */
export async function serveConsole(
  app: FastifyInstance,
  dir: string,
  isApi: (path: string) => boolean,
): Promise<void> {
  await app.register(fastifyStatic, {
    root: dir,
    // Our own Cache-Control below; no directory listings, no dotfiles.
    cacheControl: false,
    dotfiles: 'ignore',
    allowedPath: (path) => !isApi(path),
    setHeaders: (reply, path) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      // Hashed asset names can be cached; the page itself is always fetched again.
      reply.header(
        'cache-control',
        relative(dir, path).startsWith(`assets${sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-store',
      );
      if (path.endsWith('.html')) {
        reply.header('content-type', 'text/html; charset=utf-8');
        reply.header('content-security-policy', CONSOLE_CSP);
      }
    },
  });
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `/` when no built console is given (`consoleDir` unset or not built). */
export function placeholderPage(token: string | null): string {
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

/** The placeholder's CSP: nothing may load or run. */
export const PLACEHOLDER_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Serves the built renderer (`out/renderer`) as the web console. The files are the public app
 * bundle, so they need no token; everything they do goes through the API, which does. Paths
 * are resolved inside the folder only, and HTML gets the same strict CSP as the desktop window.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The console's CSP: scripts from the app only, WebSockets back to this server ('self'). */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface ConsoleFile {
  body: Buffer;
  headers: Record<string, string>;
}

/** The file for a request path, or null when the console is not built or has no such file. */
export function consoleFile(dir: string | undefined, pathname: string): ConsoleFile | null {
  if (!dir || !existsSync(join(dir, 'index.html'))) return null;
  const root = resolve(dir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  const file = resolve(root, normalize('.' + rel));
  if (file !== root && !file.startsWith(root + sep)) return null; // no way out of the folder
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Hashed asset names can be cached; the page itself is always fetched again.
    'cache-control': rel.startsWith('/assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-store',
  };
  if (type.startsWith('text/html')) headers['content-security-policy'] = CONSOLE_CSP;
  return { body: readFileSync(file), headers };
}

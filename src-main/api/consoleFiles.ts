/**
 * The built renderer (`out/renderer`), read into memory once at start to be served as the web
 * console: a few MB of files every page load asks for, the same bytes until the next build.
 * Reading them from disk on every request cost ~6 ms a file (bench:api); from memory it is one
 * buffer write. The folder is bounded (API_HTTP_LIMITS.maxConsoleBytes, maxConsoleFiles): a
 * folder past either is a clear error at start. Compressed copies (brotli, gzip) of the text
 * files are made once, in zlib's thread pool after start, so neither the start nor a request
 * waits for them; until they are ready the plain bytes go out.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Worth compressing: text (scripts, styles, markup), and not so small that headers dominate. */
const compressible = (type: string, size: number): boolean =>
  size >= 1024 && /^(text\/|application\/(json|manifest\+json|wasm)|image\/svg)/.test(type);

export type ConsoleEncoding = 'br' | 'gzip';

export interface ConsoleFile {
  body: Buffer;
  contentType: string;
  /** Strong validator of the plain bytes; a compressed copy's is this with `-br`/`-gzip`. */
  etag: string;
  /** Hashed build assets (`assets/`) never change under their name; the rest is revalidated. */
  cacheControl: string;
  /** Whether compressed copies are (or will be) offered: answers then vary on Accept-Encoding. */
  compressible: boolean;
  /** Filled in when made, and only when smaller than the plain bytes. */
  encoded: Partial<Record<ConsoleEncoding, Buffer>>;
}

export interface ConsoleFiles {
  /** A file by its URL path (`/index.html`, `/assets/index-abc.js`), decoded. */
  get(path: string): ConsoleFile | undefined;
  /** `/index.html`: the page for `/` and for the console's own routes. */
  readonly index: ConsoleFile;
  /** Files and plain bytes held. */
  readonly files: number;
  readonly bytes: number;
  /** Settles when every compressed copy is made (or given up: the plain bytes still serve). */
  readonly compressed: Promise<void>;
}

export interface ConsoleBounds {
  maxBytes: number;
  maxFiles: number;
}

const MB = (n: number): string => (n / (1024 * 1024)).toFixed(1);

/**
 * Every file under `dir` (dotfiles and symlinks left out), read once; null when the console is
 * not built there (no index.html). Throws when the folder is over a bound, naming it.
 */
export function loadConsoleFiles(
  dir: string,
  bounds: ConsoleBounds,
  log?: (message: string) => void,
): ConsoleFiles | null {
  try {
    if (!statSync(join(dir, 'index.html')).isFile()) return null;
  } catch {
    return null;
  }
  const found: { path: string; file: string; size: number }[] = [];
  let bytes = 0;
  const over = (what: string): Error =>
    new Error(
      `the web console in ${dir} is over ${what}: it is held in memory, so it may take at most ` +
        `${MB(bounds.maxBytes)} MB in ${bounds.maxFiles} files (API_HTTP_LIMITS.maxConsoleBytes, ` +
        `maxConsoleFiles); is it the built console (npm run build)?`,
    );
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const file = join(folder, entry.name);
      const path = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(file, path);
      else if (entry.isFile()) {
        const { size } = statSync(file);
        bytes += size;
        if (found.length >= bounds.maxFiles) throw over(`${bounds.maxFiles} files`);
        if (bytes > bounds.maxBytes) throw over(`${MB(bounds.maxBytes)} MB`);
        found.push({ path, file, size });
      }
    }
  };
  walk(dir, '');

  const files = new Map<string, ConsoleFile>();
  bytes = 0;
  for (const { path, file } of found) {
    const body = readFileSync(file);
    bytes += body.length;
    if (bytes > bounds.maxBytes) throw over(`${MB(bounds.maxBytes)} MB`); // grew while read
    const contentType = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    files.set(path, {
      body,
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: path.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      compressible: compressible(contentType, body.length),
      encoded: {},
    });
  }
  const index = files.get('/index.html');
  if (!index) return null; // removed between the check and the read
  return {
    get: (path) => files.get(path),
    index,
    files: files.size,
    bytes,
    compressed: compressAll([...files.values()], log),
  };
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Brotli at quality 9 (a 2.8 MB script: ~0.6 s of one pool thread, 20 % of its size; quality
 * 11 takes 13 s for 2 % less) and gzip at 9. One file at a time, so a start does not flood
 * the pool that file and DNS work share.
 */
async function compressAll(files: ConsoleFile[], log?: (message: string) => void): Promise<void> {
  for (const f of files) {
    if (!f.compressible) continue;
    try {
      const [br, gz] = await Promise.all([
        brotli(f.body, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: 9,
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_SIZE_HINT]: f.body.length,
          },
        }),
        gzipped(f.body, { level: 9 }),
      ]);
      if (br.length < f.body.length) f.encoded.br = br;
      if (gz.length < f.body.length) f.encoded.gzip = gz;
    } catch (e) {
      log?.(`web console: could not compress a file, serving it plain (${String(e)})`);
    }
  }
}

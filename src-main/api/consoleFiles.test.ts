/**
 * The web console served from memory by the real API server on 127.0.0.1: the page and its
 * hashed assets, validators, compressed copies, HEAD, the console's routes, what is never
 * served, and the bounds on the folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleFiles } from './consoleFiles';
import { startApiHttp, type ApiHttp } from './http';
import { API_HTTP_LIMITS } from './limits';
import { startApiFixture } from './testing';

const TOKEN = 'test-token-0123456789abcdef';
const PAGE = '<!doctype html><title>console</title><script src="/assets/index-abc.js"></script>';
const SCRIPT = `export const text = ${JSON.stringify('a console script '.repeat(400))};\n`;
let fx: Awaited<ReturnType<typeof startApiFixture>>;
let dir: string;
let site: ApiHttp;

beforeAll(async () => {
  fx = await startApiFixture();
  dir = mkdtempSync(join(tmpdir(), 'iotmp-console-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, 'v3'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'assets', 'index-abc.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'tiny-abc.css'), 'b{}');
  writeFileSync(join(dir, '.secret'), 'dotfile');
  writeFileSync(join(dir, 'v3', 'users'), 'not an API answer');
  writeFileSync(`${dir}-outside.txt`, 'outside');
  site = await startApiHttp({ api: fx.api, token: TOKEN, port: 0, consoleDir: dir });
});
afterAll(async () => {
  await site.close();
  await fx.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-outside.txt`, { force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
/** One request with exactly these headers (fetch would add Accept-Encoding and decompress). */
const ask = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: site.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });

/** The status line of a request sent byte for byte (a client would normalise `..`). */
const statusOf = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const s = connect(site.port, '127.0.0.1', () =>
      s.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`),
    );
    let text = '';
    s.on('data', (d) => (text += String(d)));
    s.on('end', () => resolve(text.split('\r\n')[0]!));
    s.on('error', reject);
  });

describe('the web console, from memory', () => {
  it('serves the page with the console CSP, revalidated every time, without a token', async () => {
    const r = await ask('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body.toString()).toBe(PAGE);
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await ask('/?token=x', { 'if-none-match': `"other", W/${etag}` });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect((await ask('/index.html')).body.toString()).toBe(PAGE);
  });

  it('answers HEAD with the headers and length, and no body', async () => {
    const r = await ask('/assets/index-abc.js', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(SCRIPT)));
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.body.length).toBe(0);
  });

  it('lets browsers keep hashed assets, and sends brotli or gzip copies to clients that take them', async () => {
    const plain = await ask('/assets/index-abc.js');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers.vary).toBe('accept-encoding');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    // The copies are made once, after the start, off the event loop.
    await expect
      .poll(
        async () => (await ask('/assets/index-abc.js', { 'accept-encoding': 'gzip, br' })).headers,
      )
      .toMatchObject({ 'content-encoding': 'br' });
    const br = await ask('/assets/index-abc.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    const gz = await ask('/assets/index-abc.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    expect(
      (await ask('/assets/index-abc.js', { 'accept-encoding': 'identity' })).headers[
        'content-encoding'
      ],
    ).toBeUndefined();
    // Each copy has its own validator; a client holding the brotli copy gets 304 for it.
    const tags = new Set([plain, br, gz].map((a) => a.headers.etag));
    expect(tags.size).toBe(3);
    const revalidated = await ask('/assets/index-abc.js', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(revalidated.status).toBe(304);
    // Too small to be worth it: always plain, no Vary.
    const tiny = await ask('/assets/tiny-abc.css', { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers.vary).toBeUndefined();
    expect(tiny.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it("gives the page for the console's own routes, and 404 for a missing file", async () => {
    const route = await ask('/devices/site', { accept: 'text/html,application/xhtml+xml' });
    expect(route.status).toBe(200);
    expect(route.body.toString()).toBe(PAGE);
    expect(route.headers['content-security-policy']).toContain("script-src 'self'");
    for (const [path, accept] of [
      ['/devices/site', 'application/json'],
      ['/nothing.js', 'text/html'],
      ['/assets/gone', 'text/html'],
    ] as const) {
      const r = await ask(path, { accept });
      expect(r.status, path).toBe(404);
      expect(JSON.parse(r.body.toString())).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('gives nothing outside the folder, no dotfiles, and never an API path from it', async () => {
    for (const path of [
      `/../${basename(dir)}-outside.txt`,
      `/assets/../../${basename(dir)}-outside.txt`,
      `/%2e%2e/${basename(dir)}-outside.txt`,
      `/..%2f${basename(dir)}-outside.txt`,
      '/.secret',
      '/%E0%A4%A',
    ])
      expect(await statusOf(path), path).toMatch(/^HTTP\/1\.1 40[034]/);
    // The API's paths are the API's, token and all, whatever files the folder has.
    expect((await ask('/v3/users')).status).toBe(401);
    expect((await ask('/index.html', {}, 'POST')).status).toBe(404);
  });
});

describe('the console folder', () => {
  const bounds = { maxBytes: API_HTTP_LIMITS.maxConsoleBytes, maxFiles: 1000 };

  it('is read once, dotfiles left out: a file changed on disk later is not served', async () => {
    const files = loadConsoleFiles(dir, bounds)!;
    expect(files.files).toBe(4);
    expect(files.get('/.secret')).toBeUndefined();
    expect(files.get('/assets/index-abc.js')?.body.toString()).toBe(SCRIPT);
    writeFileSync(join(dir, 'assets', 'tiny-abc.css'), 'i{}');
    try {
      expect((await ask('/assets/tiny-abc.css')).body.toString()).toBe('b{}');
    } finally {
      writeFileSync(join(dir, 'assets', 'tiny-abc.css'), 'b{}');
    }
  });

  it('is refused at start past its bounds, with the reason', async () => {
    expect(() => loadConsoleFiles(dir, { maxBytes: 1024, maxFiles: 1000 })).toThrow(
      /web console in .* is over .* MB: it is held in memory/,
    );
    expect(() => loadConsoleFiles(dir, { ...bounds, maxFiles: 2 })).toThrow(/over 2 files/);
    await expect(
      startApiHttp({
        api: fx.api,
        token: TOKEN,
        port: 0,
        consoleDir: dir,
        limits: { maxConsoleFiles: 2 },
      }),
    ).rejects.toThrow(/over 2 files/);
  });

  it('without a built console (no index.html), `/` is the placeholder page', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'iotmp-console-empty-'));
    try {
      expect(loadConsoleFiles(empty, bounds)).toBeNull();
      const bare = await startApiHttp({ api: fx.api, token: TOKEN, port: 0, consoleDir: empty });
      try {
        const r = await fetch(`${bare.url}/`);
        expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(await r.text()).toContain('not built');
      } finally {
        await bare.close();
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/**
 * D4: a web page in the owner's browser cannot lock the owner out of the API or reach it through
 * DNS rebinding. Real sockets; requests carry the headers a browser would add.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApiHttp, type ApiHttp } from './http';
import { startApiFixture } from './testing';
import { TokenGuard } from './TokenGuard';

const TOKEN = 'test-token-0123456789abcdef';
let fx: Awaited<ReturnType<typeof startApiFixture>>;
let http: ApiHttp;
const guard = new TokenGuard(Date.now, { freeFailures: 2, baseBlockMs: 60_000 });

beforeAll(async () => {
  fx = await startApiFixture();
  http = await startApiHttp({ api: fx.api, token: TOKEN, port: 0, guard });
});
afterAll(async () => {
  await http.close();
  await fx.stop();
});

/** A request with exactly these headers (Host included, which fetch would not let us set). */
function send(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(`${http.url}${path}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

const owner = { authorization: `Bearer ${TOKEN}` };
const evilPage = { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };

describe('the owner is never locked out (D4)', () => {
  it('a foreign page sending wrong or no tokens is refused unread; the owner gets every answer', async () => {
    let ownerOk = 0;
    for (let i = 0; i < 40; i++) {
      // What a no-cors fetch, a preflight or a form from another site looks like.
      const page = await send(`/api/v1/status?token=guess-${i}`, evilPage);
      expect(page.status).toBe(403);
      expect((await send('/api/v1/status', evilPage, 'OPTIONS')).status).toBe(403);
      if ((await send('/api/v1/status', owner)).status === 200) ownerOk++;
    }
    expect(ownerOk).toBe(40);
    // None of it counted against the address.
    expect(guard.blockedFor('127.0.0.1') + guard.blockedFor('::ffff:127.0.0.1')).toBe(0);
  });

  it('requests without a token (preflights, plain page loads) are not counted as guesses', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await send('/api/v1/status', {}, 'OPTIONS')).status).toBe(401);
      expect((await send('/api/v1/status', {})).status).toBe(401);
    }
    expect(guard.blockedFor('127.0.0.1') + guard.blockedFor('::ffff:127.0.0.1')).toBe(0);
  });

  it('answers only to its own names: a rebinding page name is refused even with the token', async () => {
    const port = new URL(http.url).port;
    const rebound = await send('/api/v1/status', { ...owner, host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('DNS rebinding');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
      expect((await send('/api/v1/status', { ...owner, host })).status).toBe(200);
  });

  it('refuses WebSocket upgrades from a foreign Origin, accepts its own page', async () => {
    const url = `${http.url.replace('http', 'ws')}/api/v1/ws?token=${TOKEN}`;
    const foreign = new WebSocket(url, { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) =>
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    const own = new WebSocket(url, { origin: http.url });
    await new Promise((resolve, reject) => {
      own.once('open', resolve);
      own.once('unexpected-response', (_req, res) => reject(new Error(`${res.statusCode}`)));
    });
    own.close();
  });
});

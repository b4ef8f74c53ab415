import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenGuard } from './TokenGuard';
import { loadOrCreateToken, TOKEN_FILE, tokenMatcher } from './token';

describe('TokenGuard', () => {
  it('lets a few wrong tokens through, then doubles the block up to its cap', () => {
    let now = 0;
    const g = new TokenGuard(() => now, { freeFailures: 2, baseBlockMs: 1000, maxBlockMs: 4000 });
    g.fail('a');
    g.fail('a');
    expect(g.blockedFor('a')).toBe(0);
    const blocks: number[] = [];
    for (let i = 0; i < 5; i++) {
      g.fail('a');
      blocks.push(g.blockedFor('a'));
      now += blocks.at(-1)!;
    }
    expect(blocks).toEqual([1000, 2000, 4000, 4000, 4000]);
    expect(g.blockedFor('b')).toBe(0);
  });

  it('forgets an address after a success or a quiet period, and stays bounded', () => {
    let now = 0;
    const g = new TokenGuard(() => now, {
      freeFailures: 0,
      forgetAfterMs: 10_000,
      maxAddresses: 3,
    });
    g.fail('a');
    expect(g.blockedFor('a')).toBeGreaterThan(0);
    g.succeed('a');
    expect(g.blockedFor('a')).toBe(0);
    g.fail('b');
    now += 20_000;
    expect(g.blockedFor('b')).toBe(0);
    for (const x of ['c', 'd', 'e', 'f']) g.fail(x);
    expect(g.blockedFor('c')).toBe(0); // evicted: the oldest goes first
    expect(g.blockedFor('f')).toBeGreaterThan(0);
  });
});

describe('the API token', () => {
  it('is created once, owner-only, and reused on the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-token-'));
    try {
      const first = loadOrCreateToken(dir);
      expect(first.created).toBe(true);
      expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(statSync(join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
      expect(loadOrCreateToken(dir)).toEqual({ token: first.token, created: false });
      expect(tokenMatcher(first.token)(first.token)).toBe(true);
      expect(tokenMatcher(first.token)(first.token.slice(1))).toBe(false);
      expect(tokenMatcher(first.token)(null)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The management API's token: random on first start, kept in the data folder (owner-only) so the
 * console URL a user bookmarked keeps working, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE = 'api-token';
/** 192 random bits: far beyond guessing, even without the rate limit. */
const TOKEN_BYTES = 24;

export function loadOrCreateToken(dataDir: string): { token: string; created: boolean } {
  const file = join(dataDir, TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{16,}$/.test(token)) return { token, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, created: true };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * A test for `expected`, in constant time whatever the lengths (both sides are hashed first;
 * the expected side once, as every API request asks).
 */
export function tokenMatcher(expected: string): (given: string | null | undefined) => boolean {
  const want = digest(expected);
  return (given) => typeof given === 'string' && timingSafeEqual(want, digest(given));
}

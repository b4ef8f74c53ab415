/**
 * JWT-shaped access tokens as Thinger clients read them (HS256; claims `usr` the account, `jti`
 * the token id, `iat`/`exp` in seconds, `svr` the server's host, and for device tokens `dev` and
 * `res`, which the Thinger mobile app reads from a scanned QR code). Signing and checking are
 * jsonwebtoken's; the secret never leaves the data folder.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  usr: string;
  jti: string;
  iat: number;
  exp?: number;
  svr?: string;
  dev?: string;
  res?: string[];
}

const SECRET_FILE = 'token-secret';

/** 256 random bits for HS256, created once and kept owner-only beside the database. */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{40,}$/.test(text)) return Buffer.from(text, 'base64url');
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('base64url')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export function signToken(secret: Buffer, claims: TokenClaims): string {
  return jwt.sign({ ...claims }, secret, { algorithm: 'HS256', noTimestamp: true });
}

export type Checked =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Signature and expiry only; whether the token still exists is the store's question. */
export function checkToken(secret: Buffer, token: string, nowMs: number): Checked {
  try {
    const claims = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(nowMs / 1000),
    }) as Partial<TokenClaims>;
    if (typeof claims.usr !== 'string' || typeof claims.jti !== 'string')
      return { ok: false, reason: 'malformed' };
    return { ok: true, claims: claims as TokenClaims };
  } catch (e) {
    if (e instanceof jwt.TokenExpiredError) return { ok: false, reason: 'expired' };
    if (e instanceof jwt.JsonWebTokenError && /signature/.test(e.message))
      return { ok: false, reason: 'signature' };
    return { ok: false, reason: 'malformed' };
  }
}

/** Three base64url parts: worth checking as a JWT (anything else is the console token or junk). */
export const looksLikeJwt = (s: string): boolean =>
  /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(s);

/**
 * Device credentials are stored only as salted scrypt hashes: they can be verified and reset,
 * never read back. Hash format: `scrypt$<logN>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can
 * be raised later without invalidating stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt N = 2^14, r = 8, p = 1: ~30–50 ms per check on a laptop core, 16 MiB of memory. */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptCost = { logN: 14, r: 8, p: 1 };
const KEY_LEN = 32;

function scryptAsync(secret: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LEN, { ...opts, maxmem: 64 * 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

export async function hashCredential(
  secret: string,
  cost: ScryptCost = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, { N: 2 ** cost.logN, r: cost.r, p: cost.p });
  return `scrypt$${cost.logN}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyCredential(secret: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, logN, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64'), {
    N: 2 ** Number(logN),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A new credential to show the user once: 24 random bytes, URL-safe. */
export function generateCredential(): string {
  return randomBytes(18).toString('base64url');
}

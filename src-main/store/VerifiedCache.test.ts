/**
 * The verified-credential cache kept across restarts (D5): an entry survives a restart in a 0600
 * file, never holds the credential, is void once the credential changes, and short credentials
 * never reach the disk.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VerifiedCache, PERSIST_MIN_LENGTH } from './VerifiedCache';

let dir: string;
let file: string;
const LONG = 'k3Jd9_aQzP0x-LmN4rT7vW2y';
const HASH = 'scrypt$14$8$1$c2FsdA==$aGFzaA==';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iotmp-vcache-'));
  file = join(dir, 'verified-credentials.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('VerifiedCache', () => {
  it('remembers a verified credential across a restart, in an owner-only file without the credential', () => {
    const a = new VerifiedCache({ file });
    a.remember('acme/pump', HASH, LONG);
    a.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(LONG);
    const b = new VerifiedCache({ file });
    expect(b.has('acme/pump', HASH, LONG)).toBe(true);
    expect(b.has('acme/pump', HASH, `${LONG}x`)).toBe(false);
    expect(b.has('acme/other', HASH, LONG)).toBe(false);
  });

  it('an entry is void once the stored credential changes (a reset gives a new salted hash)', () => {
    const a = new VerifiedCache({ file });
    a.remember('acme/pump', HASH, LONG);
    a.flush();
    const b = new VerifiedCache({ file });
    expect(b.has('acme/pump', 'scrypt$14$8$1$bmV3$aGFzaA==', LONG)).toBe(false);
  });

  it(`keeps credentials shorter than ${PERSIST_MIN_LENGTH} characters in memory only`, () => {
    const a = new VerifiedCache({ file });
    a.remember('acme/short', HASH, 'pw');
    a.remember('acme/long', HASH, LONG);
    a.flush();
    expect(a.has('acme/short', HASH, 'pw')).toBe(true);
    const b = new VerifiedCache({ file });
    expect(b.has('acme/short', HASH, 'pw')).toBe(false);
    expect(b.has('acme/long', HASH, LONG)).toBe(true);
  });

  it('a device whose new credential is short leaves the file, and keeps the new one in memory', () => {
    const a = new VerifiedCache({ file });
    a.remember('acme/pump', HASH, LONG);
    a.flush();
    a.remember('acme/pump', HASH, 'pw');
    a.flush();
    expect(a.has('acme/pump', HASH, 'pw')).toBe(true);
    expect(a.has('acme/pump', HASH, LONG)).toBe(false);
    expect(a.size).toBe(1);
    expect(new VerifiedCache({ file }).has('acme/pump', HASH, LONG)).toBe(false);
  });

  it('a forgotten device is gone after a restart too', () => {
    const a = new VerifiedCache({ file });
    a.remember('acme/pump', HASH, LONG);
    a.flush();
    a.forget('acme/pump');
    a.flush();
    expect(new VerifiedCache({ file }).has('acme/pump', HASH, LONG)).toBe(false);
  });

  it('a malformed file starts an empty cache with a clear line, and is replaced on the next save', () => {
    writeFileSync(file, '{"v":1,"key":"short","entries":[]}', { mode: 0o600 });
    const lines: string[] = [];
    const a = new VerifiedCache({ file, log: (m) => lines.push(m) });
    expect(lines[0]).toMatch(/malformed, starting empty/);
    a.remember('acme/pump', HASH, LONG);
    a.flush();
    expect(new VerifiedCache({ file }).has('acme/pump', HASH, LONG)).toBe(true);
  });

  it('is bounded: the oldest entries go first', () => {
    const a = new VerifiedCache({ file, maxEntries: 2 });
    for (const d of ['a', 'b', 'c']) a.remember(`acme/${d}`, HASH, LONG);
    expect(a.size).toBe(2);
    expect(a.has('acme/a', HASH, LONG)).toBe(false);
    expect(a.has('acme/c', HASH, LONG)).toBe(true);
  });
});

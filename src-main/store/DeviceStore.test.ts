/** Devices and credentials in a real SQLite file: hashed, never readable, only reset. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { DeviceStore } from './DeviceStore';
import { openDatabase } from './openDatabase';

let dir: string;
let db: Database;
let store: DeviceStore;
const cost = { logN: 10, r: 8, p: 1 };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iotmp-devices-'));
  db = openDatabase(join(dir, 'studio.sqlite')).db;
  store = new DeviceStore(db, Date.now, cost);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DeviceStore', () => {
  it('stores only a salted scrypt hash of the credential', async () => {
    const { credential } = await store.add('acme', 'pump-1');
    const row = db.prepare('SELECT credential_hash FROM devices').get() as {
      credential_hash: string;
    };
    expect(row.credential_hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.credential_hash).not.toContain(credential);
    expect(JSON.stringify(store.get('acme', 'pump-1'))).not.toContain(credential);
  });

  it('the same credential hashes differently for two devices (salted)', async () => {
    await store.add('acme', 'a', { credential: 'same' });
    await store.add('acme', 'b', { credential: 'same' });
    const hashes = db.prepare('SELECT credential_hash FROM devices').all() as {
      credential_hash: string;
    }[];
    expect(hashes[0]!.credential_hash).not.toBe(hashes[1]!.credential_hash);
  });

  it('verifies right, wrong and unknown credentials', async () => {
    await store.add('acme', 'pump-1', { credential: 's3cret' });
    await expect(store.verify({ user: 'acme', device: 'pump-1' }, 's3cret')).resolves.toBe(
      'accepted',
    );
    await expect(store.verify({ user: 'acme', device: 'pump-1' }, 's3cret')).resolves.toBe(
      'accepted',
    ); // cached path
    await expect(store.verify({ user: 'acme', device: 'pump-1' }, 'nope')).resolves.toBe(
      'rejected',
    );
    await expect(store.verify({ user: 'acme', device: 'ghost' }, 's3cret')).resolves.toBe(
      'unknown',
    );
  });

  it('a reset credential replaces the old one at once, even when it was cached', async () => {
    await store.add('acme', 'pump-1', { credential: 'old' });
    await store.verify({ user: 'acme', device: 'pump-1' }, 'old');
    const fresh = await store.resetCredential('acme', 'pump-1');
    await expect(store.verify({ user: 'acme', device: 'pump-1' }, 'old')).resolves.toBe('rejected');
    await expect(store.verify({ user: 'acme', device: 'pump-1' }, fresh)).resolves.toBe('accepted');
  });

  it('an added, registered or reset credential is known good at once: no second slow hash (D5)', async () => {
    await store.register({ user: 'acme', device: 'auto' }, 'first-pw');
    expect(store.verifyCached({ user: 'acme', device: 'auto' }, 'first-pw')).toBe(true);
    expect(store.verifyCached({ user: 'acme', device: 'auto' }, 'other')).toBe(false);
    const { credential } = await store.add('acme', 'added');
    expect(store.verifyCached({ user: 'acme', device: 'added' }, credential)).toBe(true);
    const fresh = await store.resetCredential('acme', 'added');
    expect(store.verifyCached({ user: 'acme', device: 'added' }, credential)).toBe(false);
    expect(store.verifyCached({ user: 'acme', device: 'added' }, fresh)).toBe(true);
  });

  it('refuses bad ids, duplicates and resets of unknown devices with clear errors', async () => {
    await expect(store.add('acme', 'bad id with spaces')).rejects.toThrow(
      /device id "bad id with spaces" must be/,
    );
    await store.add('acme', 'x');
    await expect(store.add('acme', 'x')).rejects.toThrow('device acme/x already exists');
    await expect(store.resetCredential('acme', 'nope')).rejects.toThrow('no device acme/nope');
  });

  it('removing a device forgets it and its cached credential', async () => {
    await store.add('acme', 'pump-1', { credential: 'pw' });
    await store.verify({ user: 'acme', device: 'pump-1' }, 'pw');
    expect(store.remove('acme', 'pump-1')).toBe(true);
    await expect(store.verify({ user: 'acme', device: 'pump-1' }, 'pw')).resolves.toBe('unknown');
  });
});

/**
 * Users, devices and their credentials in SQLite. Implements the broker's credential check:
 * a slow salted hash per stored credential, run on a bounded pool in arrival order, plus a cache
 * of verified credentials (kept across restarts, VerifiedCache.ts) so devices that reconnect are
 * not re-hashed on every connection nor after every restart (D5).
 */
import { deviceKey } from '../contract/deviceKey';
import { present } from '../contract/present';
import type { Database } from 'better-sqlite3';
import type { CredentialVerifier } from '../broker/brokerPorts';
import type { DeviceIdentity } from '../broker/types';
import {
  generateCredential,
  hashCredential,
  verifyCredential,
  DEFAULT_SCRYPT,
  type ScryptCost,
} from './credentials';
import { checkIds, DeviceStoreError, toRecord, type DeviceRecord, type Row } from './deviceRecords';
import { SlowHashPool } from './SlowHashPool';
import { StatementCache } from '../util/statementCache';
import { VerifiedCache } from './VerifiedCache';

export { DeviceStoreError, type DeviceRecord } from './deviceRecords';

export interface DeviceStoreOptions {
  /** Verified credentials (the app: kept in the data folder); default: memory only. */
  cache?: VerifiedCache;
  /** Where slow hashes run; default: a pool of this store's own. */
  pool?: SlowHashPool;
}

export class DeviceStore implements CredentialVerifier {
  private readonly cache: VerifiedCache;
  readonly pool: SlowHashPool;
  /** Every statement prepared once (API requests and connections read devices constantly). */
  private readonly statements: StatementCache;

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
    private readonly cost: ScryptCost = DEFAULT_SCRYPT,
    options: DeviceStoreOptions = {},
  ) {
    this.cache = options.cache ?? new VerifiedCache();
    this.pool = options.pool ?? new SlowHashPool();
    this.statements = new StatementCache(db);
  }

  /** Writes what the cache learnt (on stop). */
  flush(): void {
    this.cache.flush();
  }

  private storedHash(user: string, device: string): { hash: string; enabled: boolean } | undefined {
    const row = this.statements
      .sql('SELECT credential_hash, enabled FROM devices WHERE user = ? AND device = ?')
      .get(user, device) as { credential_hash: string; enabled: number } | undefined;
    return row && { hash: row.credential_hash, enabled: row.enabled === 1 };
  }

  private ensureUser(user: string): void {
    this.statements
      .sql('INSERT OR IGNORE INTO users (name, created_at) VALUES (?, ?)')
      .run(user, this.now());
  }

  /**
   * Adds a device. Returns the credential in clear text: the only time it exists outside the
   * device; the store keeps its hash.
   */
  async add(
    user: string,
    device: string,
    opts: {
      name?: string;
      description?: string;
      credential?: string;
      autoRegistered?: boolean;
      type?: string;
      enabled?: boolean;
    } = {},
  ): Promise<{ record: DeviceRecord; credential: string }> {
    checkIds(user, device);
    const credential = opts.credential ?? generateCredential();
    if (credential.length === 0 || credential.length > 1024) {
      throw new DeviceStoreError('INVALID_CREDENTIAL', 'a credential must be 1–1024 characters');
    }
    const hash = await this.pool.run(() => hashCredential(credential, this.cost));
    const now = this.now();
    this.ensureUser(user);
    try {
      this.statements
        .sql(
          `INSERT INTO devices (user, device, name, description, credential_hash, created_at, credential_updated_at, auto_registered, type, enabled)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          user,
          device,
          opts.name ?? '',
          opts.description ?? '',
          hash,
          now,
          now,
          opts.autoRegistered ? 1 : 0,
          opts.type ?? 'Generic',
          opts.enabled === false ? 0 : 1,
        );
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new DeviceStoreError('EXISTS', `device ${user}/${device} already exists`);
      }
      throw e;
    }
    // D5: the credential was just hashed here; its next connection (an auto-registered device
    // reconnecting) need not pay for the slow hash again.
    this.cache.remember(deviceKey(user, device), hash, credential);
    const record = present(this.get(user, device), `device ${deviceKey(user, device)} just added`);
    return { record, credential };
  }

  /** Replaces a device's credential with a new one (returned once) and forgets the old one. */
  async resetCredential(
    user: string,
    device: string,
    credential = generateCredential(),
  ): Promise<string> {
    const hash = await this.pool.run(() => hashCredential(credential, this.cost));
    const r = this.statements
      .sql(
        'UPDATE devices SET credential_hash = ?, credential_updated_at = ? WHERE user = ? AND device = ?',
      )
      .run(hash, this.now(), user, device);
    if (r.changes === 0) throw new DeviceStoreError('NOT_FOUND', `no device ${user}/${device}`);
    this.cache.remember(deviceKey(user, device), hash, credential);
    return credential;
  }

  remove(user: string, device: string): boolean {
    this.cache.forget(deviceKey(user, device));
    return (
      this.statements.sql('DELETE FROM devices WHERE user = ? AND device = ?').run(user, device)
        .changes > 0
    );
  }

  update(
    user: string,
    device: string,
    fields: { name?: string; description?: string; enabled?: boolean; tags?: readonly string[] },
  ): DeviceRecord {
    const current = this.get(user, device);
    if (!current) throw new DeviceStoreError('NOT_FOUND', `no device ${user}/${device}`);
    this.statements
      .sql(
        'UPDATE devices SET name = ?, description = ?, enabled = ?, tags = ? WHERE user = ? AND device = ?',
      )
      .run(
        fields.name ?? current.name,
        fields.description ?? current.description,
        (fields.enabled ?? current.enabled) ? 1 : 0,
        JSON.stringify(fields.tags ?? current.tags),
        user,
        device,
      );
    return present(this.get(user, device), `device ${deviceKey(user, device)} just updated`);
  }

  get(user: string, device: string): DeviceRecord | undefined {
    const r = this.statements
      .sql('SELECT * FROM devices WHERE user = ? AND device = ?')
      .get(user, device) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  list(user?: string): DeviceRecord[] {
    const rows = (
      user === undefined
        ? this.statements.sql('SELECT * FROM devices ORDER BY user, device').all()
        : this.statements.sql('SELECT * FROM devices WHERE user = ? ORDER BY device').all(user)
    ) as Row[];
    return rows.map(toRecord);
  }

  // CredentialVerifier ------------------------------------------------------------------------

  /**
   * `signal`: the connection went away; a check still waiting for the pool is then dropped.
   * Slow checks wait their turn on the pool (in arrival order; BUSY when its queue is full).
   */
  async verify(
    identity: DeviceIdentity,
    credential: string,
    signal?: AbortSignal,
  ): Promise<'accepted' | 'rejected' | 'unknown'> {
    const id = deviceKey(identity);
    const row = this.storedHash(identity.user, identity.device);
    if (!row) return 'unknown';
    // A disabled device is refused like a wrong credential: it learns nothing more.
    if (!row.enabled) return 'rejected';
    if (this.cache.has(id, row.hash, credential)) return 'accepted';
    const ok = await this.pool.run(() => verifyCredential(credential, row.hash), signal);
    if (!ok) return 'rejected';
    // The hash may have been reset while we were hashing: only cache what is still current.
    if (this.storedHash(identity.user, identity.device)?.hash !== row.hash) return 'rejected';
    this.cache.remember(id, row.hash, credential);
    return 'accepted';
  }

  verifyCached(identity: DeviceIdentity, credential: string): boolean {
    const row = this.storedHash(identity.user, identity.device);
    return (
      row !== undefined && row.enabled && this.cache.has(deviceKey(identity), row.hash, credential)
    );
  }

  async register(identity: DeviceIdentity, credential: string): Promise<void> {
    try {
      await this.add(identity.user, identity.device, {
        credential,
        autoRegistered: true,
        name: identity.device,
      });
    } catch (e) {
      // Two connections racing to register the same device: the first one wins.
      if (!(e instanceof DeviceStoreError && e.code === 'EXISTS')) throw e;
    }
  }
}

/**
 * Which credential last verified for each device, so a device that reconnects costs one slow hash
 * (scrypt) per credential rather than one per connection, and, kept on disk, so a restart does not
 * cost one per device either (D5: 10,000 devices reconnecting at once would need ~400 CPU-s of
 * scrypt; with this they settle in seconds).
 *
 * An entry is HMAC-SHA256(key, device id ‖ stored hash ‖ credential), never the credential:
 * - The stored hash carries a fresh random salt each time a credential is set, so a reset (or a
 *   device deleted and added again) can never match an older entry; no code path has to remember
 *   to invalidate it. Disabled devices are refused by the store before the cache is asked.
 * - The key is 256 random bits made for this data folder. The file holding key and entries is
 *   0600 in the 0700 data folder, beside the API token secret (which already grants full admin
 *   access to whoever reads it), and apart from studio.sqlite, so a copy of the database (a
 *   backup, a site export) carries neither.
 * - What a stolen file gives away: a fast way to test guesses of a credential instead of scrypt's
 *   ~25 per second per core. That matters only for short credentials, so entries for credentials
 *   shorter than PERSIST_MIN_LENGTH are kept in memory only (those devices pay one scrypt each
 *   after a restart, in order, on the bounded SlowHashPool). Generated credentials are 24
 *   characters of 6 random bits each: 144 bits no fast hash brings in reach.
 * - A missing, unreadable or malformed file starts an empty cache with a new key: every device
 *   is then verified by scrypt again — slower, never wrong.
 */
import { BoundedMap } from '../contract/BoundedMap';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeOwnerOnlyFile } from './ownerOnlyFile';

/** The cache's file in the data folder. */
export const VERIFIED_CACHE_FILE = 'verified-credentials.json';
/** Credentials at least this long are remembered across restarts (see above). */
export const PERSIST_MIN_LENGTH = 16;
/**
 * Devices remembered at most (oldest first): twice the broker's connection limit; as many again
 * for credentials too short to be saved (rare: generated credentials are long).
 */
const MAX_VERIFIED_ENTRIES = 40_000;
/** New entries are written this long after the first of them (one write per burst). */
const SAVE_DELAY_MS = 2_000;

interface FileShape {
  v: 1;
  key: string;
  entries: [string, string][];
}

export interface VerifiedCacheOptions {
  /** Where the cache is kept across restarts; none: memory only. */
  file?: string;
  maxEntries?: number;
  log?: (message: string) => void;
}

export class VerifiedCache {
  private key: Buffer = randomBytes(32);
  /**
   * Each MAC's 32 bytes as a one-byte string (a Buffer each was ~0.2 KB per device), by device
   * id: those saved to the file, and those kept in memory only. Two tables rather than an
   * `{ mac, persist }` object per device (~40 bytes each, docs/performance.md).
   */
  private readonly saved: BoundedMap<string, string>;
  private readonly memoryOnly: BoundedMap<string, string>;
  private readonly maxEntries: number;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: VerifiedCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? MAX_VERIFIED_ENTRIES;
    this.saved = new BoundedMap(this.maxEntries);
    this.memoryOnly = new BoundedMap(this.maxEntries);
    if (options.file) this.load(options.file);
  }

  get size(): number {
    return this.saved.size + this.memoryOnly.size;
  }

  private mac(id: string, storedHash: string, secret: string): Buffer {
    return createHmac('sha256', this.key)
      .update(id)
      .update('\u0000')
      .update(storedHash)
      .update('\u0000')
      .update(secret)
      .digest();
  }

  has(id: string, storedHash: string, secret: string): boolean {
    const known = this.saved.get(id) ?? this.memoryOnly.get(id);
    return (
      known !== undefined &&
      timingSafeEqual(Buffer.from(known, 'latin1'), this.mac(id, storedHash, secret))
    );
  }

  remember(id: string, storedHash: string, secret: string): void {
    const persist = secret.length >= PERSIST_MIN_LENGTH;
    const mac = this.mac(id, storedHash, secret).toString('latin1');
    const wasSaved = this.saved.delete(id);
    this.memoryOnly.delete(id);
    (persist ? this.saved : this.memoryOnly).set(id, mac);
    if (persist || wasSaved) this.scheduleSave();
  }

  forget(id: string): void {
    if (this.saved.delete(id)) this.scheduleSave();
    this.memoryOnly.delete(id);
  }

  /** Writes pending entries now (on stop). */
  flush(): void {
    if (!this.saveTimer) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.options.file) this.save(this.options.file);
  }

  private scheduleSave(): void {
    const { file } = this.options;
    if (!file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save(file);
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private load(file: string): void {
    let parsed: Partial<FileShape>;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FileShape>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.options.log?.(
          `verified-credential cache ${file} unreadable, starting empty: ${String(e)}`,
        );
      return;
    }
    const key = typeof parsed.key === 'string' ? Buffer.from(parsed.key, 'base64') : null;
    if (parsed.v !== 1 || !key || key.length !== 32 || !Array.isArray(parsed.entries)) {
      this.options.log?.(`verified-credential cache ${file} malformed, starting empty`);
      return;
    }
    this.key = key;
    for (const e of parsed.entries.slice(-this.maxEntries)) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') continue;
      const mac = Buffer.from(e[1], 'base64');
      if (mac.length === 32) this.saved.set(e[0], mac.toString('latin1'));
    }
  }

  private save(file: string): void {
    const shape: FileShape = {
      v: 1,
      key: this.key.toString('base64'),
      entries: [...this.saved].map(([id, mac]) => [
        id,
        Buffer.from(mac, 'latin1').toString('base64'),
      ]),
    };
    try {
      writeOwnerOnlyFile(file, JSON.stringify(shape));
    } catch (e) {
      this.options.log?.(`verified-credential cache not saved (${file}): ${String(e)}`);
    }
  }
}

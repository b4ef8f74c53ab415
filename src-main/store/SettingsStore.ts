/** Small typed settings persisted as JSON values in SQLite. */
import type { Database } from 'better-sqlite3';

export class SettingsStore {
  constructor(private readonly db: Database) {}

  get<T>(key: string, fallback: T): T {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    if (!row) return fallback;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return fallback;
    }
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }

  /** Removes a setting; false when there was none. */
  delete(key: string): boolean {
    return this.db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
  }

  /**
   * Sets `key` as the newest of the settings starting with `prefix`, and drops the oldest of them
   * beyond `max` (by insertion order), in one transaction: a bounded, most-recently-set table
   * inside the settings (boards remembered per port, for one).
   */
  setNewest(prefix: string, key: string, value: unknown, max: number): void {
    this.db.transaction(() => {
      // Deleted and inserted again, so its rowid is the newest.
      this.delete(key);
      this.set(key, value);
      this.db
        .prepare(
          `DELETE FROM settings WHERE rowid IN (
             SELECT rowid FROM settings WHERE substr(key, 1, length(@prefix)) = @prefix
             ORDER BY rowid DESC LIMIT -1 OFFSET @max)`,
        )
        .run({ prefix, max });
    })();
  }

  /** How many settings start with `prefix`. */
  count(prefix: string): number {
    return (
      this.db
        .prepare(
          'SELECT COUNT(*) AS n FROM settings WHERE substr(key, 1, length(@prefix)) = @prefix',
        )
        .get({ prefix }) as { n: number }
    ).n;
  }
}

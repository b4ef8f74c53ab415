/**
 * Device properties (IOTMP.md §6.5 actions 1 and 2), one JSON value per (user, device, name),
 * with a bounded history of changes saying who made each one (the device, the console, or an
 * access token), and an event per change for the events socket and the device's subscribers.
 */
import type { Database } from 'better-sqlite3';
import { psonFromJson, psonToJson, type Json, type PsonValue } from '../protocol';
import { Emitter } from '../util/Emitter';
import { StatementCache } from '../util/statementCache';

/** Largest stored property value (JSON text): properties are configuration, not data logs. */
const MAX_PROPERTY_BYTES = 64 * 1024;
/** Changes kept per property: enough to see who changed what lately, bounded on disk. */
const MAX_HISTORY_PER_PROPERTY = 200;

/** Who wrote a value: `device`, `console`, or `token:<id>`. */
export type PropertySource = string;

export interface PropertyChange {
  user: string;
  device: string;
  property: string;
  /** null when the property was deleted. */
  value: PsonValue | null;
  ts: number;
  source: PropertySource;
}

export interface PropertyRow {
  property: string;
  value: PsonValue;
  updatedAt: number;
}

export class PropertyStore {
  readonly changes = new Emitter<{ change: PropertyChange }>();

  /** Each statement prepared once: devices read properties and write buckets constantly. */
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = new StatementCache(db);
  }

  get(user: string, device: string, property: string): PsonValue | undefined {
    return this.row(user, device, property)?.value;
  }

  row(user: string, device: string, property: string): PropertyRow | undefined {
    const row = this.statements
      .sql(
        'SELECT property, value, updated_at FROM properties WHERE user = ? AND device = ? AND property = ?',
      )
      .get(user, device, property) as
      { property: string; value: string; updated_at: number } | undefined;
    return row
      ? {
          property: row.property,
          value: psonFromJson(JSON.parse(row.value) as Json),
          updatedAt: row.updated_at,
        }
      : undefined;
  }

  /** Stores a value; throws a RangeError for values over MAX_PROPERTY_BYTES. */
  set(
    user: string,
    device: string,
    property: string,
    value: PsonValue,
    source: PropertySource = 'device',
  ): void {
    const text = JSON.stringify(psonToJson(value));
    if (text.length > MAX_PROPERTY_BYTES)
      throw new RangeError(`property value over ${MAX_PROPERTY_BYTES} bytes`);
    const ts = this.now();
    this.db.transaction(() => {
      this.statements
        .sql(
          `INSERT INTO properties (user, device, property, value, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(user, device, property) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        )
        .run(user, device, property, text, ts);
      this.remember(user, device, property, text, ts, source);
    })();
    this.changes.emit('change', { user, device, property, value, ts, source });
  }

  list(user: string, device: string): PropertyRow[] {
    const rows = this.statements
      .sql(
        'SELECT property, value, updated_at FROM properties WHERE user = ? AND device = ? ORDER BY property',
      )
      .all(user, device) as { property: string; value: string; updated_at: number }[];
    return rows.map((r) => ({
      property: r.property,
      value: psonFromJson(JSON.parse(r.value) as Json),
      updatedAt: r.updated_at,
    }));
  }

  remove(
    user: string,
    device: string,
    property: string,
    source: PropertySource = 'console',
  ): boolean {
    const ts = this.now();
    const gone = this.db.transaction(() => {
      const n = this.statements
        .sql('DELETE FROM properties WHERE user = ? AND device = ? AND property = ?')
        .run(user, device, property).changes;
      if (n > 0) this.remember(user, device, property, null, ts, source);
      return n > 0;
    })();
    if (gone) this.changes.emit('change', { user, device, property, value: null, ts, source });
    return gone;
  }

  /** Newest first, at most `limit` (≤ MAX_HISTORY_PER_PROPERTY). */
  history(user: string, device: string, property: string, limit = 50): PropertyChange[] {
    const rows = this.statements
      .sql(
        `SELECT value, ts, source FROM property_history WHERE user = ? AND device = ? AND property = ?
         ORDER BY id DESC LIMIT ?`,
      )
      .all(user, device, property, Math.min(limit, MAX_HISTORY_PER_PROPERTY)) as {
      value: string | null;
      ts: number;
      source: string;
    }[];
    return rows.map((r) => ({
      user,
      device,
      property,
      value: r.value === null ? null : psonFromJson(JSON.parse(r.value) as Json),
      ts: r.ts,
      source: r.source,
    }));
  }

  private remember(
    user: string,
    device: string,
    property: string,
    text: string | null,
    ts: number,
    source: string,
  ): void {
    this.statements
      .sql(
        'INSERT INTO property_history (user, device, property, value, ts, source) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(user, device, property, text, ts, source);
    this.statements
      .sql(
        `DELETE FROM property_history WHERE user = ? AND device = ? AND property = ? AND id <= (
           SELECT id FROM property_history WHERE user = ? AND device = ? AND property = ?
           ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(user, device, property, user, device, property, MAX_HISTORY_PER_PROPERTY);
  }
}

/** Device properties (IOTMP.md §6.5 actions 1 and 2), one JSON value per (user, device, name). */
import type { Database } from 'better-sqlite3';
import { psonFromJson, psonToJson, type Json, type PsonValue } from '../protocol';

/** Largest stored property value (JSON text): properties are configuration, not data logs. */
export const MAX_PROPERTY_BYTES = 64 * 1024;

export class PropertyStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  get(user: string, device: string, property: string): PsonValue | undefined {
    const row = this.db
      .prepare('SELECT value FROM properties WHERE user = ? AND device = ? AND property = ?')
      .get(user, device, property) as { value: string } | undefined;
    return row ? psonFromJson(JSON.parse(row.value) as Json) : undefined;
  }

  /** Stores a value; throws a RangeError for values over MAX_PROPERTY_BYTES. */
  set(user: string, device: string, property: string, value: PsonValue): void {
    const text = JSON.stringify(psonToJson(value));
    if (text.length > MAX_PROPERTY_BYTES)
      throw new RangeError(`property value over ${MAX_PROPERTY_BYTES} bytes`);
    this.db
      .prepare(
        `INSERT INTO properties (user, device, property, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(user, device, property) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(user, device, property, text, this.now());
  }

  list(user: string, device: string): { property: string; value: PsonValue; updatedAt: number }[] {
    const rows = this.db
      .prepare(
        'SELECT property, value, updated_at FROM properties WHERE user = ? AND device = ? ORDER BY property',
      )
      .all(user, device) as { property: string; value: string; updated_at: number }[];
    return rows.map((r) => ({
      property: r.property,
      value: psonFromJson(JSON.parse(r.value) as Json),
      updatedAt: r.updated_at,
    }));
  }

  remove(user: string, device: string, property: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM properties WHERE user = ? AND device = ? AND property = ?')
        .run(user, device, property).changes > 0
    );
  }
}

/**
 * Prepared statements kept per SQL text. `db.prepare` parses and plans the SQL on every call,
 * which costs more than running a small query (~10 µs against ~3 µs for a property read): the
 * stores on devices' paths (credentials, properties, bucket writes) prepare each text once.
 *
 * Bounded: the texts are the stores' own constants (a few variants at most), so the bound is
 * never reached in practice; if a caller ever built SQL from data, the cache would start over
 * rather than grow.
 */
import type { Database, Statement } from 'better-sqlite3';

/** Far above the number of distinct SQL texts any one store has. */
const MAX_STATEMENTS = 64;

export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** Statements held (for tests). */
  get size(): number {
    return this.statements.size;
  }

  /** The prepared statement for `text`, prepared on first use. */
  sql(text: string): Statement {
    let st = this.statements.get(text);
    if (st === undefined) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }
}

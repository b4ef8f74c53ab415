/**
 * Data buckets (IOTMP.md §6.5 action 5): time series of records devices write, queryable by
 * bucket, device and time range. Bounded: the oldest records of a bucket are pruned past
 * `maxRecordsPerBucket`, and each record past `MAX_RECORD_BYTES` is refused.
 */
import type { Database } from 'better-sqlite3';
import { psonFromJson, psonToJson, type Json, type PsonValue } from '../protocol';
import { present } from '../contract/present';
import { Emitter } from '../util/Emitter';
import { StatementCache } from '../util/statementCache';

const MAX_RECORD_BYTES = 64 * 1024;
/** Records kept per bucket (about 100 MB at 1 KB each): a laptop's disk is not a data lake. */
const MAX_RECORDS_PER_BUCKET = 100_000;
/** Rows returned by one query at most (an export of 50,000 records and the one that says more). */
const MAX_QUERY_ROWS = 50_001;

export interface BucketRecord {
  ts: number;
  device: string;
  data: PsonValue;
}

/** A bucket's configuration (Thinger's shape: `config.source` is `api`, `write`, `device`…). */
export interface BucketConfig {
  bucket: string;
  name: string;
  description: string;
  enabled: boolean;
  config: Record<string, Json>;
  created: number;
  modified: number;
}

export interface BucketQuery {
  device?: string;
  from?: number;
  to?: number;
  limit?: number;
  /** Newest first with `desc` (Thinger's default), oldest first with `asc`. */
  sort?: 'asc' | 'desc';
}

interface ConfigRow {
  bucket: string;
  name: string;
  description: string;
  enabled: number;
  config: string;
  created_at: number;
  modified_at: number;
}

const toConfig = (r: ConfigRow): BucketConfig => ({
  bucket: r.bucket,
  name: r.name,
  description: r.description,
  enabled: r.enabled === 1,
  config: JSON.parse(r.config) as Record<string, Json>,
  created: r.created_at,
  modified: r.modified_at,
});

export class BucketStoreError extends Error {
  constructor(
    readonly code: 'EXISTS' | 'NOT_FOUND' | 'DISABLED',
    message: string,
  ) {
    super(message);
    this.name = 'BucketStoreError';
  }
}

export class BucketStore {
  private inserts = 0;
  readonly writes = new Emitter<{ write: { user: string; bucket: string } & BucketRecord }>();

  /** Each statement prepared once: devices read properties and write buckets constantly. */
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly maxRecordsPerBucket = MAX_RECORDS_PER_BUCKET,
  ) {
    this.statements = new StatementCache(db);
  }

  write(user: string, bucket: string, device: string, data: PsonValue, ts = this.now()): void {
    const text = JSON.stringify(psonToJson(data));
    if (text.length > MAX_RECORD_BYTES)
      throw new RangeError(`record over ${MAX_RECORD_BYTES} bytes`);
    this.statements
      .sql('INSERT INTO bucket_records (user, bucket, device, ts, data) VALUES (?, ?, ?, ?, ?)')
      .run(user, bucket, device, ts, text);
    this.writes.emit('write', { user, bucket, device, ts, data });
    // Pruning costs a query: do it every few hundred writes, so the bound holds within that slack.
    if (++this.inserts % 256 === 0) this.prune(user, bucket);
  }

  prune(user: string, bucket: string): number {
    const r = this.statements
      .sql(
        `DELETE FROM bucket_records WHERE user = ? AND bucket = ? AND id <= (
           SELECT id FROM bucket_records WHERE user = ? AND bucket = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(user, bucket, user, bucket, this.maxRecordsPerBucket);
    return r.changes;
  }

  query(user: string, bucket: string, opts: BucketQuery = {}): BucketRecord[] {
    const limit = Math.min(opts.limit ?? 1000, MAX_QUERY_ROWS);
    const rows = this.statements
      .sql(
        `SELECT ts, device, data FROM bucket_records
         WHERE user = ? AND bucket = ? AND (? IS NULL OR device = ?) AND ts >= ? AND ts <= ?
         ORDER BY ts ${opts.sort === 'desc' ? 'DESC' : 'ASC'}, id ${opts.sort === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(
        user,
        bucket,
        opts.device ?? null,
        opts.device ?? null,
        opts.from ?? 0,
        opts.to ?? Number.MAX_SAFE_INTEGER,
        limit,
      ) as {
      ts: number;
      device: string;
      data: string;
    }[];
    return rows.map((r) => ({
      ts: r.ts,
      device: r.device,
      data: psonFromJson(JSON.parse(r.data) as Json),
    }));
  }

  buckets(user: string): { bucket: string; records: number }[] {
    return this.statements
      .sql(
        'SELECT bucket, COUNT(*) AS records FROM bucket_records WHERE user = ? GROUP BY bucket ORDER BY bucket',
      )
      .all(user) as { bucket: string; records: number }[];
  }

  // Configurations (Thinger's /v1/users/{u}/buckets) -------------------------------------------

  configs(user: string): BucketConfig[] {
    const rows = this.statements
      .sql('SELECT * FROM buckets WHERE user = ? ORDER BY bucket')
      .all(user) as ConfigRow[];
    return rows.map(toConfig);
  }

  config(user: string, bucket: string): BucketConfig | undefined {
    const r = this.statements
      .sql('SELECT * FROM buckets WHERE user = ? AND bucket = ?')
      .get(user, bucket) as ConfigRow | undefined;
    return r ? toConfig(r) : undefined;
  }

  create(
    user: string,
    c: Pick<BucketConfig, 'bucket'> &
      Partial<Omit<BucketConfig, 'bucket' | 'created' | 'modified'>>,
  ): BucketConfig {
    const now = this.now();
    try {
      this.statements
        .sql(
          `INSERT INTO buckets (user, bucket, name, description, enabled, config, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          user,
          c.bucket,
          c.name ?? c.bucket,
          c.description ?? '',
          c.enabled === false ? 0 : 1,
          JSON.stringify(c.config ?? { source: 'write' }),
          now,
          now,
        );
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new BucketStoreError('EXISTS', `bucket "${c.bucket}" already exists`);
      throw e;
    }
    return present(this.config(user, c.bucket), `bucket "${c.bucket}" just created`);
  }

  update(
    user: string,
    bucket: string,
    f: Partial<Pick<BucketConfig, 'name' | 'description' | 'enabled' | 'config'>>,
  ): BucketConfig {
    const cur = this.config(user, bucket);
    if (!cur) throw new BucketStoreError('NOT_FOUND', `no bucket "${bucket}"`);
    this.statements
      .sql(
        'UPDATE buckets SET name = ?, description = ?, enabled = ?, config = ?, modified_at = ? WHERE user = ? AND bucket = ?',
      )
      .run(
        f.name ?? cur.name,
        f.description ?? cur.description,
        (f.enabled ?? cur.enabled) ? 1 : 0,
        JSON.stringify(f.config ?? cur.config),
        this.now(),
        user,
        bucket,
      );
    return present(this.config(user, bucket), `bucket "${bucket}" just updated`);
  }

  /** Deletes the configuration and every record of the bucket. */
  remove(user: string, bucket: string): boolean {
    return this.db.transaction(() => {
      const n = this.statements
        .sql('DELETE FROM buckets WHERE user = ? AND bucket = ?')
        .run(user, bucket).changes;
      const m = this.clear(user, bucket);
      return n + m > 0;
    })();
  }

  /** Deletes the records, keeps the configuration. */
  clear(user: string, bucket: string): number {
    return this.statements
      .sql('DELETE FROM bucket_records WHERE user = ? AND bucket = ?')
      .run(user, bucket).changes;
  }

  count(user: string, bucket: string): number {
    return (
      this.statements
        .sql('SELECT COUNT(*) AS n FROM bucket_records WHERE user = ? AND bucket = ?')
        .get(user, bucket) as { n: number }
    ).n;
  }
}

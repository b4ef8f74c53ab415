/**
 * Data buckets (IOTMP.md §6.5 action 5): time series of records devices write, queryable by
 * bucket, device and time range. Bounded: the oldest records of a bucket are pruned past
 * `maxRecordsPerBucket`, and each record past `MAX_RECORD_BYTES` is refused.
 */
import type { Database } from 'better-sqlite3';
import { psonFromJson, psonToJson, type Json, type PsonValue } from '../protocol';

export const MAX_RECORD_BYTES = 64 * 1024;
/** Records kept per bucket (about 100 MB at 1 KB each): a laptop's disk is not a data lake. */
export const MAX_RECORDS_PER_BUCKET = 100_000;
/** Rows returned by one query at most. */
export const MAX_QUERY_ROWS = 10_000;

export interface BucketRecord {
  ts: number;
  device: string;
  data: PsonValue;
}

export class BucketStore {
  private inserts = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly maxRecordsPerBucket = MAX_RECORDS_PER_BUCKET,
  ) {}

  write(user: string, bucket: string, device: string, data: PsonValue, ts = this.now()): void {
    const text = JSON.stringify(psonToJson(data));
    if (text.length > MAX_RECORD_BYTES)
      throw new RangeError(`record over ${MAX_RECORD_BYTES} bytes`);
    this.db
      .prepare('INSERT INTO bucket_records (user, bucket, device, ts, data) VALUES (?, ?, ?, ?, ?)')
      .run(user, bucket, device, ts, text);
    // Pruning costs a query: do it every few hundred writes, so the bound holds within that slack.
    if (++this.inserts % 256 === 0) this.prune(user, bucket);
  }

  prune(user: string, bucket: string): number {
    const r = this.db
      .prepare(
        `DELETE FROM bucket_records WHERE user = ? AND bucket = ? AND id <= (
           SELECT id FROM bucket_records WHERE user = ? AND bucket = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(user, bucket, user, bucket, this.maxRecordsPerBucket);
    return r.changes;
  }

  query(
    user: string,
    bucket: string,
    opts: { device?: string; from?: number; to?: number; limit?: number } = {},
  ): BucketRecord[] {
    const limit = Math.min(opts.limit ?? 1000, MAX_QUERY_ROWS);
    const rows = this.db
      .prepare(
        `SELECT ts, device, data FROM bucket_records
         WHERE user = ? AND bucket = ? AND (? IS NULL OR device = ?) AND ts >= ? AND ts <= ?
         ORDER BY ts, id LIMIT ?`,
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
    return this.db
      .prepare(
        'SELECT bucket, COUNT(*) AS records FROM bucket_records WHERE user = ? GROUP BY bucket ORDER BY bucket',
      )
      .all(user) as { bucket: string; records: number }[];
  }
}

/** buckets.read, buckets.write and buckets.export: the records of one bucket. */
import { ApiError, ApiErrorCode, MAX_EXPORT_RECORDS } from '../../contract';
import { psonFromJson, psonToJson, type Json } from '../../protocol';
import type { BucketStore } from '../../serverres/BucketStore';
import { toCsv, toJsonExport } from '../../serverres/bucketExport';
import type { CallHandlers } from '../ApiServer';
import { knownBucket, typed } from './bucketViews';

type BucketDataCalls = Pick<CallHandlers, 'buckets.read' | 'buckets.write' | 'buckets.export'>;

/** Records per page when `items` is not given. */
const DEFAULT_ITEMS = 100;

const range = (minTs?: number, maxTs?: number): { from?: number; to?: number } => ({
  ...(minTs !== undefined ? { from: minTs } : {}),
  ...(maxTs !== undefined ? { to: maxTs } : {}),
});

export function bucketDataCalls(buckets: BucketStore, now: () => number): BucketDataCalls {
  return {
    'buckets.read': ({ user, bucket, items, sort, minTs, maxTs, device }) => {
      knownBucket(buckets, user, bucket);
      const limit = items ?? DEFAULT_ITEMS;
      const rows = buckets.query(user, bucket, {
        sort: sort ?? 'desc',
        limit: limit + 1,
        ...range(minTs, maxTs),
        ...(device !== undefined ? { device } : {}),
      });
      return {
        records: rows
          .slice(0, limit)
          .map((r) => ({ ts: r.ts, val: psonToJson(r.data), device: r.device })),
        more: rows.length > limit,
      };
    },
    'buckets.write': ({ user, bucket, data, ts, device }) =>
      typed(() => {
        const c = buckets.config(user, bucket);
        if (!c)
          throw new ApiError(
            ApiErrorCode.NOT_FOUND,
            `no bucket "${bucket}": create it first (POST /v1/users/${user}/buckets)`,
          );
        if (!c.enabled)
          throw new ApiError(ApiErrorCode.BAD_REQUEST, `bucket "${bucket}" is disabled`);
        const at = ts ?? now();
        buckets.write(user, bucket, device ?? 'api', psonFromJson(data as Json), at);
        return { ts: at };
      }),
    'buckets.export': ({ user, bucket, format, minTs, maxTs, timestampFormat }) => {
      knownBucket(buckets, user, bucket);
      const rows = buckets.query(user, bucket, {
        sort: 'asc',
        limit: MAX_EXPORT_RECORDS + 1,
        ...range(minTs, maxTs),
      });
      const truncated = rows.length > MAX_EXPORT_RECORDS;
      const records = rows
        .slice(0, MAX_EXPORT_RECORDS)
        .map((r) => ({ ts: r.ts, device: r.device, val: psonToJson(r.data) }));
      const base = `${bucket}_${minTs ?? 0}-${maxTs ?? 'now'}`;
      const csv = format === 'csv';
      return {
        filename: `${base}.${csv ? 'csv' : 'json'}`,
        contentType: csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        text: csv
          ? toCsv(records, timestampFormat ?? 'iso')
          : toJsonExport(records, timestampFormat ?? 'milliseconds'),
        records: records.length,
        truncated,
      };
    },
  };
}

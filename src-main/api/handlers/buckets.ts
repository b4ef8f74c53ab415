/** buckets.*: data buckets as Thinger clients manage and read them (serverres/BucketStore). */
import { ApiError, ApiErrorCode, MAX_EXPORT_RECORDS, type BucketInfo } from '../../contract';
import { present } from '../../contract/present';
import { psonFromJson, psonToJson, type Json } from '../../protocol';
import { BucketStoreError, type BucketStore } from '../../serverres/BucketStore';
import { toCsv, toJsonExport } from '../../serverres/bucketExport';
import type { CallHandlers } from '../ApiServer';

type BucketCalls = Pick<
  CallHandlers,
  | 'buckets.list'
  | 'buckets.get'
  | 'buckets.create'
  | 'buckets.update'
  | 'buckets.remove'
  | 'buckets.clear'
  | 'buckets.read'
  | 'buckets.write'
  | 'buckets.export'
>;

/** Records per page when `items` is not given. */
const DEFAULT_ITEMS = 100;

const typed = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof BucketStoreError)
      throw new ApiError(
        e.code === 'EXISTS' ? ApiErrorCode.CONFLICT : ApiErrorCode.NOT_FOUND,
        e.message,
      );
    if (e instanceof RangeError) throw new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, e.message);
    throw e;
  }
};

export function createBucketHandlers(buckets: BucketStore, now = Date.now): BucketCalls {
  /** A configured bucket, or one devices wrote to without a configuration. */
  const info = (user: string, bucket: string): BucketInfo | undefined => {
    const c = buckets.config(user, bucket);
    const records = buckets.count(user, bucket);
    if (!c && records === 0) return undefined;
    return c
      ? { ...c, config: c.config, records }
      : {
          bucket,
          name: bucket,
          description: '',
          enabled: true,
          config: { source: 'write' },
          created: null,
          modified: null,
          records,
        };
  };
  const known = (user: string, bucket: string): BucketInfo => {
    const b = info(user, bucket);
    if (!b) throw new ApiError(ApiErrorCode.NOT_FOUND, `no bucket "${bucket}"`);
    return b;
  };
  return {
    'buckets.list': ({ user }) => {
      const names = new Set([
        ...buckets.configs(user).map((c) => c.bucket),
        ...buckets.buckets(user).map((b) => b.bucket),
      ]);
      return { buckets: [...names].sort().map((b) => present(info(user, b), `bucket ${b}`)) };
    },
    'buckets.get': ({ user, bucket }) => known(user, bucket),
    'buckets.create': ({ user, bucket, name, description, enabled, config }) =>
      typed(() => {
        buckets.create(user, {
          bucket,
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(config !== undefined ? { config: config as Record<string, Json> } : {}),
        });
        return known(user, bucket);
      }),
    'buckets.update': ({ user, bucket, name, description, enabled, config }) =>
      typed(() => {
        // A bucket devices wrote to gets its configuration on its first update.
        if (!buckets.config(user, bucket)) {
          known(user, bucket);
          buckets.create(user, { bucket });
        }
        buckets.update(user, bucket, {
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(config !== undefined ? { config: config as Record<string, Json> } : {}),
        });
        return known(user, bucket);
      }),
    'buckets.remove': ({ user, bucket }) => {
      known(user, bucket);
      return { removed: buckets.remove(user, bucket) };
    },
    'buckets.clear': ({ user, bucket }) => {
      known(user, bucket);
      return { removed: buckets.clear(user, bucket) };
    },
    'buckets.read': ({ user, bucket, items, sort, minTs, maxTs, device }) => {
      known(user, bucket);
      const limit = items ?? DEFAULT_ITEMS;
      const rows = buckets.query(user, bucket, {
        sort: sort ?? 'desc',
        limit: limit + 1,
        ...(minTs !== undefined ? { from: minTs } : {}),
        ...(maxTs !== undefined ? { to: maxTs } : {}),
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
      known(user, bucket);
      const rows = buckets.query(user, bucket, {
        sort: 'asc',
        limit: MAX_EXPORT_RECORDS + 1,
        ...(minTs !== undefined ? { from: minTs } : {}),
        ...(maxTs !== undefined ? { to: maxTs } : {}),
      });
      const truncated = rows.length > MAX_EXPORT_RECORDS;
      const records = rows
        .slice(0, MAX_EXPORT_RECORDS)
        .map((r) => ({ ts: r.ts, device: r.device, val: psonToJson(r.data) }));
      const range = `${minTs ?? 0}-${maxTs ?? 'now'}`;
      return format === 'csv'
        ? {
            filename: `${bucket}_${range}.csv`,
            contentType: 'text/csv; charset=utf-8',
            text: toCsv(records, timestampFormat ?? 'iso'),
            records: records.length,
            truncated,
          }
        : {
            filename: `${bucket}_${range}.json`,
            contentType: 'application/json; charset=utf-8',
            text: toJsonExport(records, timestampFormat ?? 'milliseconds'),
            records: records.length,
            truncated,
          };
    },
  };
}

/** Buckets: configuration, records (paged, range, CSV/JSON download) and asynchronous exports. */
import { ApiError, ApiErrorCode } from '../../contract';
import { RawBody } from '../rawBody';
import type { RestRoute } from '../routes';
import { BUCKETS, num, obj, on, pick, type P } from './shared';

/** Symbol a bucket page carries to say another page follows (header `x-more-records`). */
export const MORE = Symbol('more');
const bucketQuery = [
  { name: 'items', type: 'integer' as const, description: 'records per page (≤ 1000)' },
  { name: 'sort', type: 'string' as const, description: 'desc (default) or asc' },
  { name: 'min_ts', type: 'integer' as const, description: 'from this time (ms)' },
  { name: 'max_ts', type: 'integer' as const, description: 'up to this time (ms)' },
  { name: 'device', type: 'string' as const, description: 'records this device wrote' },
];
export const bucketRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: BUCKETS,
    summary: 'Buckets [{bucket, name, description, enabled, config, created, modified}]',
    call: 'buckets.list',
    operation: 'ListBuckets',
    scope: on('Bucket', null, 'ListBuckets'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { buckets: unknown[] }).buckets,
  },
  {
    method: 'POST',
    path: BUCKETS,
    summary: 'Create a bucket {bucket, name, description, enabled, config: {source}}',
    call: 'buckets.create',
    operation: 'CreateBucket',
    scope: on('Bucket', null, 'CreateBucket'),
    thinger: true,
    input: (p, _q, b) => ({
      user: p.user,
      ...pick(b, ['bucket', 'name', 'description', 'enabled', 'config']),
    }),
  },
  {
    method: 'GET',
    path: `${BUCKETS}/{bucket}`,
    summary: "One bucket's configuration",
    call: 'buckets.get',
    operation: 'ReadBucketConfig',
    scope: on('Bucket', 'bucket', 'ReadBucketConfig'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
  },
  {
    method: 'PUT',
    path: `${BUCKETS}/{bucket}`,
    summary: "Change a bucket's configuration",
    call: 'buckets.update',
    operation: 'UpdateBucket',
    scope: on('Bucket', 'bucket', 'UpdateBucket'),
    input: (p, _q, b) => ({
      user: p.user,
      bucket: p.bucket,
      ...pick(b, ['name', 'description', 'enabled', 'config']),
    }),
  },
  {
    method: 'DELETE',
    path: `${BUCKETS}/{bucket}`,
    summary: 'Delete a bucket and its records',
    call: 'buckets.remove',
    operation: 'DeleteBucket',
    scope: on('Bucket', 'bucket', 'DeleteBucket'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
  },
  ...['v1', 'v2'].map((v): RestRoute => ({
    method: 'GET',
    path: `/${v}/users/{user}/buckets/{bucket}/data`,
    summary:
      'Records [{ts, val, device}], newest first (?sort=asc), ?items ≤ 1000 (header x-more-records: true when a page follows), ?min_ts, ?max_ts; ?format=csv|json downloads the range (≤ 50,000 records)',
    call: 'buckets.read',
    operation: 'ReadBucket',
    scope: on('Bucket', 'bucket', 'ReadBucket'),
    query: [
      ...bucketQuery,
      { name: 'format', type: 'string', description: 'csv or json: a download' },
    ],
    input: (p, q) => bucketInput(p, q),
    run: async (call, p, q) => {
      const format = q.get('format');
      if (format === 'csv' || format === 'json') {
        const e = (await call('buckets.export', {
          user: p.user,
          bucket: p.bucket,
          format,
          ...(q.get('min_ts') ? { minTs: num(q.get('min_ts')) } : {}),
          ...(q.get('max_ts') ? { maxTs: num(q.get('max_ts')) } : {}),
          ...(q.get('timestamp_format') ? { timestampFormat: q.get('timestamp_format') } : {}),
        })) as { contentType: string; text: string; filename: string };
        return new RawBody(e.contentType, e.text, e.filename);
      }
      const r = (await call('buckets.read', bucketInput(p, q))) as {
        records: unknown[];
        more: boolean;
      };
      return Object.assign(r.records, { [MORE]: r.more });
    },
  })),
  {
    method: 'POST',
    path: `${BUCKETS}/{bucket}/data`,
    summary: 'Write a record (the JSON body) to a bucket',
    call: 'buckets.write',
    operation: 'WriteBucket',
    scope: on('Bucket', 'bucket', 'WriteBucket'),
    input: (p, _q, b) => ({ user: p.user, bucket: p.bucket, data: b ?? null }),
  },
  {
    method: 'DELETE',
    path: `${BUCKETS}/{bucket}/data`,
    summary: "Delete a bucket's records, keep its configuration",
    call: 'buckets.clear',
    operation: 'ClearBucket',
    scope: on('Bucket', 'bucket', 'ClearBucket'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
  },
  {
    method: 'POST',
    path: `${BUCKETS}/{bucket}/exports`,
    summary:
      'Export a range in the background {data_type: csv|json, timestamp_format, min_ts, max_ts (0: unbounded)}: answers {file, status} at once; bucket_export_completed on the events socket when ready',
    call: 'buckets.startExport',
    operation: 'CreateBucketExport',
    scope: on('Bucket', 'bucket', 'CreateBucketExport'),
    input: (p, _q, b) => exportInput(p, b),
    run: (call, p, _q, b) => call('buckets.startExport', exportInput(p, b)),
  },
  {
    method: 'GET',
    path: `${BUCKETS}/{bucket}/exports`,
    summary: "A bucket's exports [{file, status, data_type, records, size, created, finished}]",
    call: 'buckets.exports',
    operation: 'ListBucketExports',
    scope: on('Bucket', 'bucket', 'ListBucketExports'),
    input: (p) => ({ user: p.user, bucket: p.bucket }),
    output: (r) => (r as { exports: unknown[] }).exports,
  },
  {
    method: 'GET',
    path: `${BUCKETS}/{bucket}/exports/{file}`,
    summary: 'Download a finished export (409 while it is being built)',
    call: 'buckets.exportFile',
    operation: 'ReadBucketExport',
    scope: on('Bucket', 'bucket', 'ReadBucketExport'),
    input: (p) => ({ user: p.user, bucket: p.bucket, file: p.file }),
    output: (r) => {
      const e = r as { contentType: string; text: string; info: { file: string } };
      return new RawBody(e.contentType, e.text, e.info.file);
    },
  },
  {
    method: 'DELETE',
    path: `${BUCKETS}/{bucket}/exports/{file}`,
    summary: 'Delete an export file',
    call: 'buckets.removeExport',
    operation: 'DeleteBucketExport',
    scope: on('Bucket', 'bucket', 'DeleteBucketExport'),
    input: (p) => ({ user: p.user, bucket: p.bucket, file: p.file }),
  },
];

/**
 * Thinger's export body. `min_ts`/`max_ts` of 0 mean no bound (Node-RED's "all" sends 0, 0);
 * `arff` and the email/endpoint callbacks are refused with what works instead.
 */
function exportInput(p: P, b: unknown): Record<string, unknown> {
  const o = obj(b);
  if (o.data_type === 'arff')
    throw new ApiError(ApiErrorCode.BAD_REQUEST, 'arff exports are not supported: use csv or json');
  if (o.callback !== undefined && o.callback !== '')
    throw new ApiError(
      ApiErrorCode.BAD_REQUEST,
      'export callbacks (email, endpoint) are not supported: listen for bucket_export_completed on the events socket',
    );
  const ts = (v: unknown): number | undefined =>
    typeof v === 'number' && v > 0 ? Math.floor(v) : undefined;
  return {
    user: p.user,
    bucket: p.bucket,
    format: o.data_type ?? 'csv',
    ...(ts(o.min_ts) !== undefined ? { minTs: ts(o.min_ts) } : {}),
    ...(ts(o.max_ts) !== undefined ? { maxTs: ts(o.max_ts) } : {}),
    ...(o.timestamp_format !== undefined ? { timestampFormat: o.timestamp_format } : {}),
  };
}

function bucketInput(p: P, q: URLSearchParams): Record<string, unknown> {
  return {
    user: p.user,
    bucket: p.bucket,
    ...(q.get('items') ? { items: num(q.get('items')) } : {}),
    ...(q.get('sort') ? { sort: q.get('sort') } : {}),
    ...(q.get('min_ts') ? { minTs: num(q.get('min_ts')) } : {}),
    ...(q.get('max_ts') ? { maxTs: num(q.get('max_ts')) } : {}),
    ...(q.get('device') ? { device: q.get('device') } : {}),
  };
}

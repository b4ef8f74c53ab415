/** buckets.*Export*: asynchronous bucket exports over BucketExports. */
import { ApiError, ApiErrorCode } from '../../contract';
import { ExportError, type BucketExports } from '../../serverres/BucketExports';
import type { BucketStore } from '../../serverres/BucketStore';
import type { CallHandlers } from '../ApiServer';

type ExportCalls = Pick<
  CallHandlers,
  'buckets.startExport' | 'buckets.exports' | 'buckets.exportFile' | 'buckets.removeExport'
>;

const CODE = {
  NOT_FOUND: ApiErrorCode.NOT_FOUND,
  BUSY: ApiErrorCode.RATE_LIMITED,
  NOT_READY: ApiErrorCode.CONFLICT,
} as const;

const typed = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof ExportError) throw new ApiError(CODE[e.code], e.message);
    throw e;
  }
};

export function createExportHandlers(
  exports: BucketExports,
  buckets: Pick<BucketStore, 'config' | 'count'>,
): ExportCalls {
  const known = (user: string, bucket: string): void => {
    if (!buckets.config(user, bucket) && buckets.count(user, bucket) === 0)
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no bucket "${bucket}"`);
  };
  return {
    'buckets.startExport': ({ user, bucket, format, minTs, maxTs, timestampFormat }) => {
      known(user, bucket);
      return typed(() =>
        exports.start(user, bucket, {
          format,
          ...(minTs ? { minTs } : {}),
          ...(maxTs ? { maxTs } : {}),
          ...(timestampFormat ? { timestampFormat } : {}),
        }),
      );
    },
    'buckets.exports': ({ user, bucket }) => ({ exports: exports.list(user, bucket) }),
    'buckets.exportFile': ({ user, bucket, file }) =>
      typed(() => {
        const { info, text } = exports.read(user, bucket, file);
        return {
          info,
          contentType:
            info.data_type === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/json; charset=utf-8',
          text,
        };
      }),
    'buckets.removeExport': ({ user, bucket, file }) =>
      typed(() => ({ removed: exports.remove(user, bucket, file) })),
  };
}

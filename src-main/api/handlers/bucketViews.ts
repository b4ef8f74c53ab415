/** What buckets.* answers about one bucket, and BucketStore's errors as the contract's. */
import { ApiError, ApiErrorCode, type BucketInfo } from '../../contract';
import { BucketStoreError, type BucketStore } from '../../serverres/BucketStore';

/** Runs a store call; its errors become typed API errors (exists → CONFLICT, too big → 413). */
export const typed = <T>(f: () => T): T => {
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

/** A configured bucket, or one devices wrote to without a configuration. */
export function bucketInfo(
  buckets: BucketStore,
  user: string,
  bucket: string,
): BucketInfo | undefined {
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
}

/** The bucket, or NOT_FOUND. */
export function knownBucket(buckets: BucketStore, user: string, bucket: string): BucketInfo {
  const b = bucketInfo(buckets, user, bucket);
  if (!b) throw new ApiError(ApiErrorCode.NOT_FOUND, `no bucket "${bucket}"`);
  return b;
}

/** buckets.*: data buckets as Thinger clients manage and read them (serverres/BucketStore). */
import type { Json } from '../../protocol';
import { present } from '../../contract/present';
import type { BucketStore } from '../../serverres/BucketStore';
import type { CallHandlers } from '../ApiServer';
import { bucketDataCalls } from './bucketData';
import { bucketInfo, knownBucket, typed } from './bucketViews';

type BucketConfigCalls = Pick<
  CallHandlers,
  | 'buckets.list'
  | 'buckets.get'
  | 'buckets.create'
  | 'buckets.update'
  | 'buckets.remove'
  | 'buckets.clear'
>;
type BucketCalls = BucketConfigCalls & ReturnType<typeof bucketDataCalls>;

/** The configuration fields a create or update call gave, without the ones it left out. */
const given = (f: {
  name?: string | undefined;
  description?: string | undefined;
  enabled?: boolean | undefined;
  config?: unknown;
}) => ({
  ...(f.name !== undefined ? { name: f.name } : {}),
  ...(f.description !== undefined ? { description: f.description } : {}),
  ...(f.enabled !== undefined ? { enabled: f.enabled } : {}),
  ...(f.config !== undefined ? { config: f.config as Record<string, Json> } : {}),
});

function bucketConfigCalls(buckets: BucketStore): BucketConfigCalls {
  const known = (user: string, bucket: string) => knownBucket(buckets, user, bucket);
  return {
    'buckets.list': ({ user }) => {
      const names = new Set([
        ...buckets.configs(user).map((c) => c.bucket),
        ...buckets.buckets(user).map((b) => b.bucket),
      ]);
      return {
        buckets: [...names].sort().map((b) => present(bucketInfo(buckets, user, b), `bucket ${b}`)),
      };
    },
    'buckets.get': ({ user, bucket }) => known(user, bucket),
    'buckets.create': ({ user, bucket, ...fields }) =>
      typed(() => {
        buckets.create(user, { bucket, ...given(fields) });
        return known(user, bucket);
      }),
    'buckets.update': ({ user, bucket, ...fields }) =>
      typed(() => {
        // A bucket devices wrote to gets its configuration on its first update.
        if (!buckets.config(user, bucket)) {
          known(user, bucket);
          buckets.create(user, { bucket });
        }
        buckets.update(user, bucket, given(fields));
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
  };
}

export function createBucketHandlers(buckets: BucketStore, now = Date.now): BucketCalls {
  return { ...bucketConfigCalls(buckets), ...bucketDataCalls(buckets, now) };
}

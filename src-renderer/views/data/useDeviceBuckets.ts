/**
 * The user's buckets a device wrote to (one record of it is enough to list a bucket) and the one
 * shown (the first, until the user picks another); a bucket the device starts writing to appears.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BucketInfo } from '@contract/serverSchemas';
import { api } from '../../api/connection';

export interface DeviceBuckets {
  buckets: BucketInfo[] | null;
  bucket: string | null;
  setBucket: (bucket: string) => void;
  error: unknown;
  setError: (error: unknown) => void;
  loadBuckets: () => Promise<void>;
}

export function useDeviceBuckets(user: string, device: string): DeviceBuckets {
  const [buckets, setBuckets] = useState<BucketInfo[] | null>(null);
  const [bucket, setBucket] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const fetchBuckets = useCallback(async (): Promise<BucketInfo[]> => {
    const all = (await api().buckets.list({ user })).buckets;
    const mine = await Promise.all(
      all.map(
        async (b) =>
          (await api().buckets.read({ user, bucket: b.bucket, device, items: 1 })).records.length >
          0,
      ),
    );
    return all.filter((_, i) => mine[i]);
  }, [user, device]);
  const show = useCallback((shown: BucketInfo[]) => {
    setBuckets(shown);
    setBucket((cur) =>
      cur && shown.some((b) => b.bucket === cur) ? cur : (shown[0]?.bucket ?? null),
    );
  }, []);
  const loadBuckets = useCallback(
    () =>
      fetchBuckets().then(
        (shown) => {
          show(shown);
          setError(null);
        },
        (e: unknown) => setError(e),
      ),
    [fetchBuckets, show],
  );

  useEffect(() => {
    let live = true;
    fetchBuckets().then(
      (shown) => live && show(shown),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [fetchBuckets, show]);
  // A bucket this device starts writing to joins the list.
  useEffect(
    () =>
      api().on('users.events', { user }, (e) => {
        if (e.event !== 'bucket_data_write') return;
        if (e.device === device && !buckets?.some((b) => b.bucket === e.bucket)) void loadBuckets();
      }),
    [user, device, buckets, loadBuckets],
  );
  return { buckets, bucket, setBucket, error, setError, loadBuckets };
}

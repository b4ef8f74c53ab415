/**
 * The newest records of a bucket in a time range (a page of them; `more` when the range holds
 * more), optionally only this device's, re-read at most once a second while the bucket is written.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/connection';
import { rangeFrom, type RangeId, type Row } from './model';

/** A device writing fast re-reads the page at most this often. */
const REFRESH_MS = 1000;
/** Records a page shows: the table and chart stay light; the export takes the whole range. */
const PAGE = 1000;

export interface BucketQuery {
  user: string;
  device: string;
  bucket: string | null;
  range: RangeId;
  onlyThis: boolean;
}

export function useBucketRows(
  { user, device, bucket, range, onlyThis }: BucketQuery,
  setError: (error: unknown) => void,
): { rows: Row[]; more: boolean } {
  const [rows, setRows] = useState<Row[]>([]);
  const [more, setMore] = useState(false);

  const fetchRows = useCallback(
    (b: string) => {
      const from = rangeFrom(range, Date.now());
      return api().buckets.read({
        user,
        bucket: b,
        items: PAGE,
        ...(from !== undefined ? { minTs: from } : {}),
        ...(onlyThis ? { device } : {}),
      });
    },
    [user, device, range, onlyThis],
  );
  const loadRows = useCallback(() => {
    if (!bucket) return;
    fetchRows(bucket).then(
      (r) => {
        setRows(r.records);
        setMore(r.more);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [bucket, fetchRows, setError]);

  useEffect(() => {
    if (!bucket) return;
    let live = true;
    fetchRows(bucket).then(
      (r) => {
        if (!live) return;
        setRows(r.records);
        setMore(r.more);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [bucket, fetchRows, setError]);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(refresh.current ?? undefined), []);
  useEffect(
    () =>
      api().on('users.events', { user }, (e) => {
        if (e.event !== 'bucket_data_write' || e.bucket !== bucket) return;
        refresh.current ??= setTimeout(() => {
          refresh.current = null;
          loadRows();
        }, REFRESH_MS);
      }),
    [user, bucket, loadRows],
  );
  return { rows, more };
}

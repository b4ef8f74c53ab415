/**
 * The bucket records a device wrote (UI.md §3.2 Properties & data): its buckets, a time range,
 * the newest records as a table with the device that wrote each, a recharts history of their
 * numeric fields, and CSV/JSON export of the range.
 */
import { useId, useState } from 'react';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { downloadText } from '../../format/download';
import { messages } from '../../messages';
import { BucketChart } from './BucketChart';
import { BucketControls } from './BucketControls';
import { BucketTable } from './BucketTable';
import { rangeFrom, type RangeId } from './model';
import { useBucketRows } from './useBucketRows';
import { useDeviceBuckets } from './useDeviceBuckets';

const t = messages.data;

export function BucketsSection({ user, device }: { user: string; device: string }) {
  const { buckets, bucket, setBucket, error, setError, loadBuckets } = useDeviceBuckets(
    user,
    device,
  );
  const [onlyThis, setOnlyThis] = useState(true);
  const [range, setRange] = useState<RangeId>('24h');
  const { rows, more } = useBucketRows({ user, device, bucket, range, onlyThis }, setError);
  const [notice, setNotice] = useState('');
  const id = useId();

  const exportAs = async (format: 'csv' | 'json'): Promise<void> => {
    if (!bucket) return;
    try {
      const from = rangeFrom(range, Date.now());
      const e = await api().buckets.export({
        user,
        bucket,
        format,
        ...(from !== undefined ? { minTs: from } : {}),
      });
      downloadText(e.filename, e.text, e.contentType);
      setNotice(t.exported(e.records, e.truncated));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="data-section" aria-labelledby={`${id}-h`}>
      <header className="data-section-head">
        <h3 id={`${id}-h`}>{t.buckets}</h3>
        <p className="muted">{t.bucketsHint}</p>
      </header>
      {error !== null && <ErrorNotice error={error} onRetry={() => void loadBuckets()} />}
      {buckets?.length === 0 && <p className="muted">{t.noBuckets}</p>}
      {bucket && (
        <>
          <BucketControls
            buckets={buckets}
            bucket={bucket}
            onBucket={setBucket}
            range={range}
            onRange={setRange}
            onlyThis={onlyThis}
            onOnlyThis={setOnlyThis}
            onExport={(format) => void exportAs(format)}
            status={`${t.records(rows.length, more)} ${notice}`}
          />
          {more && <p className="muted">{t.more}</p>}
          <BucketChart bucket={bucket} rows={rows} />
          <BucketTable rows={rows} />
        </>
      )}
    </section>
  );
}

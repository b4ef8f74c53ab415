/**
 * The bucket records a device wrote (UI.md §3.2 Properties & data): its buckets, a time range,
 * the newest records as a table with the device that wrote each, a recharts history of their
 * numeric fields, and CSV/JSON export of the range.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { BucketInfo } from '@contract/serverSchemas';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { downloadText } from '../../format/download';
import { clockTime, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { chartRows, RANGES, rangeFrom, type RangeId, type Row } from './model';

const t = messages.data;
/** A device writing fast re-reads the page at most this often. */
const REFRESH_MS = 1000;
/** Records a page shows: the table and chart stay light; the export takes the whole range. */
const PAGE = 1000;
const COLOURS = ['var(--accent)', '#d9822b', '#2b9d8f', '#b04a9b', '#6d8f2b', '#c2453d'];

export function BucketsSection({ user, device }: { user: string; device: string }) {
  const [buckets, setBuckets] = useState<BucketInfo[] | null>(null);
  const [bucket, setBucket] = useState<string | null>(null);
  const [onlyThis, setOnlyThis] = useState(true);
  const [range, setRange] = useState<RangeId>('24h');
  const [rows, setRows] = useState<Row[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const id = useId();

  /** The user's buckets this device wrote to (one record of it is enough to list a bucket). */
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
  const loadBuckets = useCallback(
    () =>
      fetchBuckets().then(
        (shown) => {
          setBuckets(shown);
          setBucket((cur) =>
            cur && shown.some((b) => b.bucket === cur) ? cur : (shown[0]?.bucket ?? null),
          );
          setError(null);
        },
        (e: unknown) => setError(e),
      ),
    [fetchBuckets],
  );

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
  }, [bucket, fetchRows]);

  useEffect(() => {
    let live = true;
    fetchBuckets().then(
      (shown) => {
        if (!live) return;
        setBuckets(shown);
        setBucket((cur) =>
          cur && shown.some((b) => b.bucket === cur) ? cur : (shown[0]?.bucket ?? null),
        );
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [fetchBuckets]);
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
  }, [bucket, fetchRows]);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(refresh.current ?? undefined), []);
  useEffect(
    () =>
      api().on('users.events', { user }, (e) => {
        if (e.event !== 'bucket_data_write') return;
        if (e.bucket === bucket)
          refresh.current ??= setTimeout(() => {
            refresh.current = null;
            loadRows();
          }, REFRESH_MS);
        else if (e.device === device && !buckets?.some((b) => b.bucket === e.bucket))
          void loadBuckets();
      }),
    [user, device, bucket, buckets, loadRows, loadBuckets],
  );

  const chart = useMemo(() => chartRows(rows), [rows]);

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
          <div className="row data-controls">
            <div role="tablist" aria-label={t.buckets} className="segmented">
              {buckets?.map((b) => (
                <button
                  key={b.bucket}
                  type="button"
                  role="tab"
                  aria-selected={b.bucket === bucket}
                  className="btn"
                  onClick={() => setBucket(b.bucket)}
                >
                  {b.name || b.bucket}
                </button>
              ))}
            </div>
            <label className="row">
              {t.range}
              <select
                className="field"
                value={range}
                onChange={(e) => setRange(e.target.value as RangeId)}
              >
                {RANGES.map((r) => (
                  <option key={r.id} value={r.id}>
                    {t.ranges[r.id]}
                  </option>
                ))}
              </select>
            </label>
            <label className="row">
              <input
                type="checkbox"
                checked={onlyThis}
                onChange={(e) => setOnlyThis(e.target.checked)}
              />
              {t.onlyThisDevice}
            </label>
            <button type="button" className="btn" onClick={() => void exportAs('csv')}>
              {t.exportCsv}
            </button>
            <button type="button" className="btn" onClick={() => void exportAs('json')}>
              {t.exportJson}
            </button>
            <span role="status" className="muted" data-testid="bucket-count">
              {t.records(rows.length, more)} {notice}
            </span>
          </div>
          {more && <p className="muted">{t.more}</p>}
          <figure className="data-chart" aria-label={t.chart(bucket)}>
            {chart.fields.length === 0 ? (
              <p className="muted">{t.noNumbers}</p>
            ) : (
              <ResponsiveContainer width="100%" height={220}>
                <LineChart data={chart.points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis
                    dataKey="ts"
                    type="number"
                    scale="time"
                    domain={['dataMin', 'dataMax']}
                    tickFormatter={(v: number) => clockTime(v)}
                    stroke="var(--text-muted)"
                  />
                  <YAxis stroke="var(--text-muted)" width={48} />
                  <Tooltip labelFormatter={(v) => dateTime(Number(v))} />
                  <Legend />
                  {chart.fields.map((f, i) => (
                    <Line
                      key={f}
                      dataKey={f}
                      type="linear"
                      dot={false}
                      isAnimationActive={false}
                      stroke={COLOURS[i % COLOURS.length]}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            )}
          </figure>
          <div className="data-table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.time}</th>
                  <th scope="col">{t.device}</th>
                  <th scope="col">{t.data}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 200).map((r, i) => (
                  <tr key={`${r.ts}-${i}`}>
                    <td className="mono">{dateTime(r.ts)}</td>
                    <td className="mono">{r.device}</td>
                    <td className="mono">{JSON.stringify(r.val)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

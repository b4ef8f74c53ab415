/** The history of a bucket's numeric fields over the records shown (recharts, one line a field). */
import { useMemo } from 'react';
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
import { clockTime, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { chartRows, type Row } from './model';

const t = messages.data;
const COLOURS = ['var(--accent)', '#d9822b', '#2b9d8f', '#b04a9b', '#6d8f2b', '#c2453d'];

export function BucketChart({ bucket, rows }: { bucket: string; rows: Row[] }) {
  const chart = useMemo(() => chartRows(rows), [rows]);
  return (
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
  );
}

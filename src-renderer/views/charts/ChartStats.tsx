/**
 * The legend with its numbers and the stats line of a chart (UI.md §3.3): each series is a
 * checkbox with its last value and the min/max/mean over the window shown; below, samples held,
 * actual rate against the requested one, how long the buffer lasts at that rate, and samples the
 * broker dropped. Refreshed four times a second from the buffer, never per sample.
 */
import { at } from '@contract/present';
import { useEffect, type RefObject } from 'react';
import { LayoutBoundary } from './LayoutBoundary';
import { duration } from '../../format/time';
import { messages } from '../../messages';
import type { ChartEntry } from '../../state/streams';
import { exactNumber, meanNumber } from '../../components/plot/axes';
import {
  fieldName,
  seriesColour,
  viewRange,
  type PlotInput,
} from '../../components/plot/ChartPlot';
import { actualRate, windowStats } from '../../components/plot/decimate';
import { useNow } from '../../components/useNow';

const t = messages.charts;
const STATS_REFRESH_MS = 250;

export function ChartStats({
  chart,
  input,
  shown,
  onToggle,
  cardRef,
}: {
  chart: ChartEntry;
  input: PlotInput;
  /** Fields offered in the legend (booleans only when drawn as steps). */
  shown: readonly number[];
  onToggle: (field: number) => void;
  cardRef: RefObject<HTMLElement | null>;
}) {
  const now = useNow(STATS_REFRESH_MS);
  const { buffer } = input;
  useEffect(() => {
    // Tests count points without reading pixels (UI.md §5); `data-received` counts past the ring.
    cardRef.current?.setAttribute('data-sample-count', String(buffer.samples));
    cardRef.current?.setAttribute('data-received', String(buffer.total));
  });

  const [t0, t1] = viewRange(input, now);
  const stats = windowStats(buffer, shown, t0, t1);
  const visible = new Set(input.visible);
  const rateSpan = Math.max(10_000, 5 * chart.intervalMs);
  const rate = actualRate(buffer, input.pausedAt ?? now, rateSpan, chart.openedAt);
  const covers = rate > 0 ? duration((buffer.capacity / rate) * 1_000) : null;
  const statsLine = [
    t.stats.samples(buffer.samples),
    `${Number.isFinite(rate) ? t.stats.rate(rate < 10 ? rate.toFixed(2) : rate.toFixed(1)) : t.stats.rateNone} (${t.stats.requested(chart.intervalMs)})`,
    t.stats.buffer(buffer.capacity, covers),
    t.stats.dropped(buffer.brokerDropped),
  ];

  return (
    <LayoutBoundary>
      {shown.length ? (
        <ChartLegend
          stats={stats}
          input={input}
          resource={chart.resource}
          visible={visible}
          onToggle={onToggle}
        />
      ) : null}
      <p className="chart-stats muted">{statsLine.join(' · ')}</p>
    </LayoutBoundary>
  );
}

/** One row per series: its checkbox and swatch, the last value and min/max/mean in the window. */
function ChartLegend({
  stats,
  input,
  resource,
  visible,
  onToggle,
}: {
  stats: ReturnType<typeof windowStats>;
  input: PlotInput;
  resource: string;
  visible: ReadonlySet<number>;
  onToggle: (field: number) => void;
}) {
  return (
    <table className="chart-legend" aria-label={t.series}>
      <thead>
        <tr>
          <th scope="col">{t.legend.field}</th>
          <th scope="col">{t.legend.last}</th>
          <th scope="col" title={t.legend.inWindow}>
            {t.legend.min}
          </th>
          <th scope="col" title={t.legend.inWindow}>
            {t.legend.max}
          </th>
          <th scope="col" title={t.legend.inWindow}>
            {t.legend.mean}
          </th>
        </tr>
      </thead>
      <tbody>
        {stats.map((s) => (
          <tr key={s.field}>
            <th scope="row">
              <label className="chart-legend-item">
                <input
                  type="checkbox"
                  checked={visible.has(s.field)}
                  onChange={() => onToggle(s.field)}
                />
                <span
                  className="chart-swatch"
                  style={{ background: seriesColour(s.field) }}
                  aria-hidden="true"
                />
                <span className="mono">
                  {fieldName(at(input.fields, s.field, 'chart field'), resource)}
                </span>
              </label>
            </th>
            <td className="mono">{Number.isNaN(s.last) ? '–' : exactNumber(s.last)}</td>
            <td className="mono">{s.count ? exactNumber(s.min) : '–'}</td>
            <td className="mono">{s.count ? exactNumber(s.max) : '–'}</td>
            <td className="mono">{s.count ? meanNumber(s.mean, s.min, s.max) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One live chart (UI.md §3.3): title and state, interval and window, pause/resume (Space on the
 * focused chart), clear, export, close; the drawing; the legend with its numbers; the stats line.
 * Settings are kept per (device, resource); the buffer and the stream live in the streams slice,
 * so leaving the view does not stop the chart. New samples never re-render it: the drawing reads
 * them from the buffer in the shared frame loop, the legend four times a second.
 */
import { memo, useCallback, useRef, useState } from 'react';
import { messages } from '../../messages';
import { chartBuffer, setZoom, type ChartEntry } from '../../state/streams';
import { ChartNotice } from './ChartNotice';
import { ChartPlot } from '../../components/plot/ChartPlot';
import { ChartStats } from './ChartStats';
import { ChartHeader } from './ChartHeader';
import { ChartControls } from './ChartControls';
import { useChartView } from './useChartView';
import { useNow } from '../../components/useNow';
import './charts.css';

const t = messages.charts;

function PausedNote({ chart }: { chart: ChartEntry }) {
  // Re-renders twice a second only while paused, to count the samples held back.
  useNow(500, chart.paused !== null);
  const buffer = chartBuffer(chart.id);
  if (!chart.paused || !buffer) return null;
  return (
    <div className="chart-notice chart-notice-paused">
      <span>{t.paused(Math.max(0, buffer.total - chart.paused.total))}</span>
      <span className="muted">{t.zoomHint}</span>
    </div>
  );
}

/**
 * Memoised: the device page re-renders for its own reasons (counters, presence), and 21 cards
 * re-rendering with it rewrote every select and checkbox of every card for nothing.
 */
export const LiveChart = memo(function LiveChart({
  chart,
  showDevice,
  onActivate,
}: {
  chart: ChartEntry;
  showDevice: boolean;
  onActivate: (id: string) => void;
}) {
  const view = useChartView(chart);
  const { buffer, input } = view;
  const [crowded, setCrowded] = useState(false);
  const card = useRef<HTMLElement>(null);
  const onZoom = useCallback(
    (range: [number, number] | null) => setZoom(chart.id, range),
    [chart.id],
  );

  const titleId = `chart-title-${chart.id}`;
  return (
    <section
      ref={card}
      className={`chart-card${chart.paused ? ' chart-card-paused' : ''}`}
      aria-labelledby={titleId}
      data-testid={`chart-${chart.device}-${chart.resource}`}
      data-sample-count={buffer.samples}
      tabIndex={0}
      onFocus={() => onActivate(chart.id)}
      onPointerDown={() => onActivate(chart.id)}
    >
      <ChartHeader chart={chart} titleId={titleId} showDevice={showDevice} />
      <ChartControls chart={chart} view={view} />
      <ChartNotice chart={chart} />
      <PausedNote chart={chart} />
      {chart.nonNumeric ? (
        <div className="chart-notice">
          <span>{t.nonNumeric}</span>
          {buffer.lastValue !== undefined ? (
            <code className="chart-raw">
              {t.lastValue}: {JSON.stringify(buffer.lastValue).slice(0, 200)}
            </code>
          ) : null}
        </div>
      ) : null}
      {crowded && !view.split ? <p className="chart-hint muted">{t.axisHint}</p> : null}
      {buffer.ignoredFields > 0 ? (
        <p className="chart-hint muted">
          {t.ignoredFields(buffer.ignoredFields, buffer.maxSeries)}
        </p>
      ) : null}
      {view.fields.length ? (
        <ChartPlot input={input} onZoom={onZoom} onCrowded={setCrowded} />
      ) : null}
      <ChartStats
        chart={chart}
        input={input}
        shown={view.shown}
        onToggle={view.toggleField}
        cardRef={card}
      />
    </section>
  );
});

/**
 * One live chart (UI.md §3.3): title and state, interval and window, pause/resume (Space on the
 * focused chart), clear, export, close; the drawing; the legend with its numbers; the stats line.
 * Settings are kept per (device, resource); the buffer and the stream live in the streams slice,
 * so leaving the view does not stop the chart.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messages } from '../../messages';
import {
  CHART_INTERVALS_MS,
  CHART_WINDOWS_MS,
  DEFAULT_CHART_SETTINGS,
  chartBuffer,
  clearChart,
  closeChart,
  exportChart,
  setChartInterval,
  setZoom,
  togglePaused,
  useChartSettings,
  type ChartEntry,
  type ChartSettings,
} from '../../state/streams';
import { ChartNotice } from './ChartNotice';
import { ChartPlot, fieldName, type PlotInput } from '../../components/plot/ChartPlot';
import { ChartStats } from './ChartStats';
import { useNow } from '../../components/useNow';
import { useConnection } from '../../api/connection';
import './charts.css';

const t = messages.charts;
/** How long "Saved <file>" stays. */
const EXPORTED_NOTE_MS = 6_000;

function StateWord({ chart }: { chart: ChartEntry }) {
  const phase = chart.status.phase;
  // Lost contact: no sample can arrive, whatever the stream's last phase said.
  const contact = useConnection((s) => s.link === 'online');
  const [cls, glyph, word] = !contact
    ? ['unknown', '◌', t.state.noContact]
    : chart.paused
      ? ['paused', '◐', t.state.paused]
      : phase === 'streaming'
        ? ['online', '●', t.state.live]
        : phase === 'starting'
          ? ['quiet', '◐', t.state.starting]
          : phase === 'waiting'
            ? ['warning', '▲', t.state.waiting]
            : phase === 'error'
              ? ['failed', '✕', t.state.failed]
              : ['offline', '○', t.state.stopped];
  return (
    <span className={`status status-${cls} chart-state`}>
      <span aria-hidden="true">{glyph}</span>
      <span className="status-word">{word}</span>
    </span>
  );
}

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

function ExportedNote({ chart }: { chart: ChartEntry }) {
  const [expired, setExpired] = useState<number | null>(null);
  const at = chart.exported?.at ?? null;
  useEffect(() => {
    if (at === null) return;
    const timer = setTimeout(() => setExpired(at), EXPORTED_NOTE_MS);
    return () => clearTimeout(timer);
  }, [at]);
  return (
    <span className="muted chart-exported" role="status">
      {chart.exported && expired !== at ? t.exported(chart.exported.name) : ''}
    </span>
  );
}

export function LiveChart({
  chart,
  showDevice,
  onActivate,
}: {
  chart: ChartEntry;
  showDevice: boolean;
  onActivate: (id: string) => void;
}) {
  const buffer = chartBuffer(chart.id)!;
  const stored = useChartSettings((s) => s.byChart[chart.id]);
  const settings: ChartSettings = { ...DEFAULT_CHART_SETTINGS, ...stored };
  const save = (change: Partial<ChartSettings>): void =>
    useChartSettings.getState().set(chart.id, change);
  const [customWindow, setCustomWindow] = useState(
    () => !(CHART_WINDOWS_MS as readonly number[]).includes(settings.windowMs),
  );
  const [crowded, setCrowded] = useState(false);
  const card = useRef<HTMLElement>(null);

  // Fields only grow; fieldCount tells React when.
  const fields = useMemo(
    () => buffer.fields.slice(0, chart.fieldCount),
    [buffer, chart.fieldCount],
  );
  const hasNumbers = fields.some((f) => f.kind === 'number');
  const hasBooleans = fields.some((f) => f.kind === 'boolean');
  const booleans = settings.booleans ?? !hasNumbers;
  const shown = fields.flatMap((f, i) => (f.kind === 'number' || booleans ? [i] : []));
  const hidden = new Set(settings.hidden);
  const visibleKey = shown
    .filter((i) => !hidden.has(fieldName(fields[i]!, chart.resource)))
    .join(',');
  const split = settings.split && visibleKey.includes(',');
  const holdLast = chart.intervalMs === 0 && chart.status.phase === 'streaming';

  const input: PlotInput = useMemo(
    () => ({
      buffer,
      fields,
      visible: visibleKey ? visibleKey.split(',').map(Number) : [],
      windowMs: settings.windowMs,
      pausedAt: chart.paused?.at ?? null,
      zoom: chart.zoom,
      split,
      resource: chart.resource,
      holdLast,
    }),
    [
      buffer,
      fields,
      visibleKey,
      settings.windowMs,
      chart.paused,
      chart.zoom,
      split,
      chart.resource,
      holdLast,
    ],
  );

  const toggleField = (field: number): void => {
    const name = fieldName(fields[field]!, chart.resource);
    save({
      hidden: hidden.has(name)
        ? settings.hidden.filter((h) => h !== name)
        : [...settings.hidden, name],
    });
  };
  const onZoom = useCallback(
    (range: [number, number] | null) => setZoom(chart.id, range),
    [chart.id],
  );

  const titleId = `chart-title-${chart.id}`;
  const windowValue = customWindow ? 'custom' : String(settings.windowMs);
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
      <header className="chart-head">
        <h2 id={titleId} className="chart-title">
          <span className="mono">{chart.resource}</span>
          {showDevice ? (
            <span className="muted chart-device">{t.onDevice(chart.device)}</span>
          ) : null}
        </h2>
        <StateWord chart={chart} />
        <div className="toolbar chart-actions">
          <button
            type="button"
            className="btn"
            aria-pressed={chart.paused !== null}
            title={t.pauseKey(chart.paused !== null)}
            onClick={() => togglePaused(chart.id)}
          >
            {chart.paused ? `▶ ${t.resume}` : `❚❚ ${t.pause}`}
          </button>
          <button type="button" className="btn" onClick={() => exportChart(chart.id, 'csv')}>
            {t.exportCsv}
          </button>
          <button type="button" className="btn" onClick={() => exportChart(chart.id, 'json')}>
            {t.exportJson}
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={t.close}
            title={t.close}
            onClick={() => closeChart(chart.id)}
          >
            ✕
          </button>
        </div>
      </header>

      <div className="chart-controls">
        <label className="chart-control">
          <span>{t.interval}</span>
          <select
            className="field"
            value={chart.intervalMs}
            onChange={(e) => setChartInterval(chart.id, Number(e.target.value))}
          >
            {CHART_INTERVALS_MS.map((ms) => (
              <option key={ms} value={ms}>
                {t.intervalOption(ms)}
              </option>
            ))}
          </select>
        </label>
        <label className="chart-control">
          <span>{t.window}</span>
          <select
            className="field"
            value={windowValue}
            onChange={(e) => {
              if (e.target.value === 'custom') return setCustomWindow(true);
              setCustomWindow(false);
              save({ windowMs: Number(e.target.value) });
            }}
          >
            {CHART_WINDOWS_MS.map((ms) => (
              <option key={ms} value={ms}>
                {t.windowOption(ms)}
              </option>
            ))}
            <option value="custom">{t.windowCustom}</option>
          </select>
        </label>
        {customWindow ? (
          <label className="chart-control">
            <span>{t.customSeconds}</span>
            <input
              className="field chart-seconds"
              type="number"
              min={1}
              max={86_400}
              step={1}
              defaultValue={settings.windowMs > 0 ? Math.round(settings.windowMs / 1000) : 120}
              onChange={(e) => {
                const s = Number(e.target.value);
                if (Number.isFinite(s) && s >= 1) save({ windowMs: Math.round(s) * 1000 });
              }}
            />
          </label>
        ) : null}
        <button type="button" className="btn" onClick={() => clearChart(chart.id)}>
          {t.clear}
        </button>
        {chart.zoom ? (
          <button type="button" className="btn" onClick={() => setZoom(chart.id, null)}>
            {t.resetZoom}
          </button>
        ) : null}
        {shown.length > 1 ? (
          <label className="chart-check">
            <input
              type="checkbox"
              checked={settings.split}
              onChange={(e) => save({ split: e.target.checked })}
            />
            {t.split}
          </label>
        ) : null}
        {hasBooleans && hasNumbers ? (
          <label className="chart-check">
            <input
              type="checkbox"
              checked={booleans}
              onChange={(e) => save({ booleans: e.target.checked })}
            />
            {t.booleans}
          </label>
        ) : null}
        <ExportedNote chart={chart} />
      </div>

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
      {crowded && !split ? <p className="chart-hint muted">{t.axisHint}</p> : null}
      {buffer.ignoredFields > 0 ? (
        <p className="chart-hint muted">
          {t.ignoredFields(buffer.ignoredFields, buffer.maxSeries)}
        </p>
      ) : null}

      {fields.length ? <ChartPlot input={input} onZoom={onZoom} onCrowded={setCrowded} /> : null}
      <ChartStats chart={chart} input={input} shown={shown} onToggle={toggleField} cardRef={card} />
    </section>
  );
}

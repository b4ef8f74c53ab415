/**
 * A live chart's controls: interval (reopens the stream), window (or custom seconds), clear,
 * reset zoom, one chart per field, booleans as steps, and the "Saved <file>" note of an export.
 */
import { useEffect, useState } from 'react';
import { messages } from '../../messages';
import {
  CHART_INTERVALS_MS,
  CHART_WINDOWS_MS,
  clearChart,
  setChartInterval,
  setZoom,
  type ChartEntry,
} from '../../state/streams';
import type { ChartView } from './useChartView';

const t = messages.charts;
/** How long "Saved <file>" stays. */
const EXPORTED_NOTE_MS = 6_000;

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

function WindowControl({ view }: { view: ChartView }) {
  const { settings, save } = view;
  const [customWindow, setCustomWindow] = useState(
    () => !(CHART_WINDOWS_MS as readonly number[]).includes(settings.windowMs),
  );
  return (
    <>
      <label className="chart-control">
        <span>{t.window}</span>
        <select
          className="field"
          value={customWindow ? 'custom' : String(settings.windowMs)}
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
    </>
  );
}

export function ChartControls({ chart, view }: { chart: ChartEntry; view: ChartView }) {
  const { settings, save } = view;
  return (
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
      <WindowControl view={view} />
      <button type="button" className="btn" onClick={() => clearChart(chart.id)}>
        {t.clear}
      </button>
      {chart.zoom ? (
        <button type="button" className="btn" onClick={() => setZoom(chart.id, null)}>
          {t.resetZoom}
        </button>
      ) : null}
      {view.shown.length > 1 ? (
        <label className="chart-check">
          <input
            type="checkbox"
            checked={settings.split}
            onChange={(e) => save({ split: e.target.checked })}
          />
          {t.split}
        </label>
      ) : null}
      {view.hasBooleans && view.hasNumbers ? (
        <label className="chart-check">
          <input
            type="checkbox"
            checked={view.booleans}
            onChange={(e) => save({ booleans: e.target.checked })}
          />
          {t.booleans}
        </label>
      ) : null}
      <ExportedNote chart={chart} />
    </div>
  );
}

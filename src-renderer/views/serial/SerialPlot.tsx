/**
 * The serial plotter (issue 16, as Arduino IDE's Serial Plotter): the numbers in a port's lines
 * (model/plotLine.ts) charted live with the live charts' drawing, against host receive time.
 * The feed keeps at most PLOT_SAMPLES samples per port, fed whatever the view shows, so switching
 * to the plotter shows what already arrived. Legend items are checkboxes with the last value;
 * Pause display freezes it (buffering goes on); while paused, drag to zoom.
 */
import { useMemo, useState } from 'react';
import {
  ChartPlot,
  fieldName,
  seriesColour,
  type PlotInput,
} from '../../components/plot/ChartPlot';
import { exactNumber } from '../../components/plot/axes';
import { useNow } from '../../components/useNow';
import { messages } from '../../messages';
import { feedOf, useSerial } from '../../state/serial';

/** Windows offered, in ms (0: everything buffered). */
export const PLOT_WINDOWS = [10_000, 60_000, 300_000, 0] as const;
const LEGEND_REFRESH_MS = 250;

export function SerialPlot({ port }: { port: string }) {
  const t = messages.serial.plot;
  const feed = feedOf(port);
  const buffer = feed.plot;
  const paused = useSerial((s) => (s.frozenAt[port] ?? null) !== null);
  // When the display was paused (the store keeps a row index); a zoom ends with the pause.
  const [pause, setPause] = useState<{ paused: boolean; at: number | null }>({
    paused: false,
    at: null,
  });
  const [zoom, setZoom] = useState<readonly [number, number] | null>(null);
  if (pause.paused !== paused) {
    setPause({ paused, at: paused ? feed.lastTime() : null });
    if (!paused) setZoom(null);
  }
  const pausedAt = pause.at;
  const [windowMs, setWindowMs] = useState<number>(60_000);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  // The legend follows new series and values a few times a second, never per line.
  useNow(LEGEND_REFRESH_MS);

  const fields = buffer.fields;
  const names = fields.map((f) => fieldName(f, 'value'));
  const visibleKey = names.map((n) => (hidden.has(n) ? '0' : '1')).join('');
  const input = useMemo<PlotInput>(
    () => ({
      buffer,
      fields: [...fields],
      visible: fields.map((_, i) => i).filter((i) => visibleKey[i] === '1'),
      windowMs,
      pausedAt,
      zoom,
      split: false,
      resource: 'value',
      holdLast: false,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fields.length` says a series appeared
    [buffer, fields.length, visibleKey, windowMs, pausedAt, zoom],
  );
  const toggle = (name: string): void =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  const last = buffer.size - 1;

  return (
    <div
      className="serial-plot"
      data-testid={`serial-plot-${port}`}
      data-sample-count={buffer.samples}
    >
      <div className="serial-plot-bar">
        <label className="serial-field">
          <span>{t.window}</span>
          <select
            className="field"
            value={windowMs}
            onChange={(e) => setWindowMs(Number(e.target.value))}
          >
            {PLOT_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t.windows(w)}
              </option>
            ))}
          </select>
        </label>
        <ul className="serial-plot-legend" aria-label={t.series}>
          {names.map((name, i) => (
            <li key={name}>
              <label className="serial-plot-series">
                <input type="checkbox" checked={!hidden.has(name)} onChange={() => toggle(name)} />
                <span className="chart-swatch" style={{ background: seriesColour(i) }} />
                <span>{name}</span>
                <span className="mono muted">
                  {last >= 0 && !Number.isNaN(buffer.value(i, last))
                    ? exactNumber(buffer.value(i, last))
                    : '–'}
                </span>
              </label>
            </li>
          ))}
        </ul>
        <span className="muted serial-plot-note">
          {t.counts(buffer.samples, feed.textLines)}
          {paused ? ` · ${t.paused}` : ''}
        </span>
      </div>
      {fields.length ? (
        <ChartPlot input={input} onZoom={(range) => setZoom(range)} />
      ) : (
        <p className="serial-plot-empty muted">{t.empty}</p>
      )}
    </div>
  );
}

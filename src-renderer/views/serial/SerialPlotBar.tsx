/**
 * The plotter's bar: the window shown, the legend (a checkbox per series with its colour and last
 * value) and how many samples are plotted and text lines skipped.
 */
import { seriesColour } from '../../components/plot/ChartPlot';
import { exactNumber } from '../../components/plot/axes';
import { messages } from '../../messages';
import type { SampleBuffer } from '../../model/SampleBuffer';

/** Windows offered, in ms (0: everything buffered). */
const PLOT_WINDOWS = [10_000, 60_000, 300_000, 0] as const;

/** The newest value of series `i`, as the legend shows it ('–' for none). */
function lastValue(buffer: SampleBuffer, i: number): string {
  const last = buffer.size - 1;
  const value = last >= 0 ? buffer.value(i, last) : NaN;
  return Number.isNaN(value) ? '–' : exactNumber(value);
}

export function SerialPlotBar({
  buffer,
  textLines,
  paused,
  names,
  hidden,
  toggle,
  windowMs,
  setWindowMs,
}: {
  buffer: SampleBuffer;
  textLines: number;
  paused: boolean;
  names: readonly string[];
  hidden: ReadonlySet<string>;
  toggle: (name: string) => void;
  windowMs: number;
  setWindowMs: (ms: number) => void;
}) {
  const t = messages.serial.plot;
  return (
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
              <span className="mono muted">{lastValue(buffer, i)}</span>
            </label>
          </li>
        ))}
      </ul>
      <span className="muted serial-plot-note">
        {t.counts(buffer.samples, textLines)}
        {paused ? ` · ${t.paused}` : ''}
      </span>
    </div>
  );
}

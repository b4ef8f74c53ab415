/**
 * The serial plotter (issue 16, as Arduino IDE's Serial Plotter): the numbers in a port's lines
 * (model/plotLine.ts) charted live with the live charts' drawing, against host receive time.
 * The feed keeps at most PLOT_SAMPLES samples per port, fed whatever the view shows, so switching
 * to the plotter shows what already arrived. Legend items are checkboxes with the last value;
 * Pause display freezes it (buffering goes on); while paused, drag to zoom (useSerialPlot).
 */
import { ChartPlot } from '../../components/plot/ChartPlot';
import { messages } from '../../messages';
import { SerialPlotBar } from './SerialPlotBar';
import { useSerialPlot } from './useSerialPlot';

export function SerialPlot({ port }: { port: string }) {
  const t = messages.serial.plot;
  const { feed, input, setZoom, ...bar } = useSerialPlot(port);
  const buffer = feed.plot;
  return (
    <div
      className="serial-plot"
      data-testid={`serial-plot-${port}`}
      data-sample-count={buffer.samples}
    >
      <SerialPlotBar buffer={buffer} textLines={feed.textLines} {...bar} />
      {buffer.fields.length ? (
        <ChartPlot input={input} onZoom={(range) => setZoom(range)} />
      ) : (
        <p className="serial-plot-empty muted">{t.empty}</p>
      )}
    </div>
  );
}

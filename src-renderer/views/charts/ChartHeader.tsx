/** A live chart's title, its state word and its toolbar: pause/resume, export, close. */
import { messages } from '../../messages';
import { closeChart, exportChart, togglePaused, type ChartEntry } from '../../state/streams';
import { useConnection } from '../../api/connection';

const t = messages.charts;

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

export function ChartHeader({
  chart,
  titleId,
  showDevice,
}: {
  chart: ChartEntry;
  titleId: string;
  showDevice: boolean;
}) {
  return (
    <header className="chart-head">
      <h2 id={titleId} className="chart-title">
        <span className="mono">{chart.resource}</span>
        {showDevice ? <span className="muted chart-device">{t.onDevice(chart.device)}</span> : null}
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
  );
}

/**
 * What a chart says when it is not simply drawing (UI.md §3.3 "Waiting and errors"): waiting for
 * the first sample with a counter, the older-firmware sentence after 2 × interval + 2 s, a refused
 * start with the device's reason and Retry, offline and lost-link gaps, a stopped stream.
 */
import { messages } from '../../messages';
import { restartChart, type ChartEntry } from '../../state/streams';
import { useNow } from '../../components/useNow';

const t = messages.charts;

/** IOTMP.md §8.1: the broker retries with the bare-number interval after this long. */
const olderFirmwareAfterMs = (intervalMs: number): number => 2 * intervalMs + 2_000;

export function ChartNotice({ chart }: { chart: ChartEntry }) {
  const { status } = chart;
  const waiting =
    chart.firstSampleAt === null && (status.phase === 'starting' || status.phase === 'streaming');
  const now = useNow(1_000, waiting);

  if (status.phase === 'error')
    return (
      <div role="alert" className="chart-notice chart-notice-error">
        <span>{t.refused(status.reason)}</span>
        <button type="button" className="btn" onClick={() => restartChart(chart.id)}>
          {messages.common.retry}
        </button>
      </div>
    );
  if (status.phase === 'stopped')
    return (
      <div className="chart-notice">
        <span>{t.stopped}</span>
        <button type="button" className="btn" onClick={() => restartChart(chart.id)}>
          {t.startAgain}
        </button>
      </div>
    );
  if (status.phase === 'waiting')
    return (
      <div className="chart-notice chart-notice-warning">
        {status.link ? t.linkLost : t.offline(status.reason)}
      </div>
    );
  if (!waiting) return null;
  const elapsed = Math.max(0, now - chart.openedAt);
  if (chart.intervalMs > 0 && elapsed > olderFirmwareAfterMs(chart.intervalMs))
    return <div className="chart-notice chart-notice-warning">{t.olderFirmware}</div>;
  return (
    <div className="chart-notice muted">
      <span>{t.waiting(Math.floor(elapsed / 1_000))}</span>
      {chart.intervalMs === 0 ? <span>{t.waitingEvents}</span> : null}
    </div>
  );
}

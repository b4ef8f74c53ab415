/**
 * The pop-over list of the live streams (UI.md §3.4): each links to where it lives (its chart, or
 * the device page for an auto-refresh card) and has its own Stop.
 */
import { href } from '../../navigation/router';
import { messages } from '../../messages';
import { stopStream, type LiveStream } from '../../state/liveStreams';

const t = messages.charts.streams;

const linkOf = (s: LiveStream): string =>
  s.purpose === 'chart'
    ? `${href('devices', s.user, s.device, 'charts')}?resource=${encodeURIComponent(s.resource)}`
    : href('devices', s.user, s.device);

export function StreamsList({
  streams,
  onFollow,
}: {
  streams: readonly LiveStream[];
  /** A link was followed (the pop-over closes). */
  onFollow(): void;
}) {
  return (
    // A disclosure, not a modal dialog: focus stays where it was; Esc or a click away closes it.
    <section className="streams-popover" id="streams-list" aria-labelledby="streams-list-title">
      <h2 id="streams-list-title">{t.listTitle}</h2>
      <ul>
        {streams.map((s) => (
          <li key={s.id}>
            <a href={linkOf(s)} onClick={onFollow}>
              <span className="mono">
                {s.device} · {s.resource}
              </span>
            </a>
            <span className="muted">
              {s.purpose === 'chart' ? t.chart : t.autoRefresh} · {t.every(s.intervalMs)}
            </span>
            <button
              type="button"
              className="btn btn-quiet"
              aria-label={t.stopOne(s.device, s.resource)}
              onClick={() => stopStream(s.id)}
            >
              {t.stop}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

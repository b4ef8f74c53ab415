/**
 * Status-bar item (UI.md §2, §3.4): "3 live streams" opens the list of streams this console has
 * open (charts, auto-refresh cards), each a link to where it lives; "All streams off" (also
 * Mod+Shift+X) stops every one and says how many it stopped.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { displayKeys, isMac } from '../../actions/keys';
import { href } from '../../navigation/router';
import { messages } from '../../messages';
import { stopStream, stopStreams, useLiveStreams, type LiveStream } from '../../state/liveStreams';
import './charts.css';

const t = messages.charts.streams;
/** How long "Stopped 3 streams." stays in the status bar. */
const SAID_MS = 5_000;

const linkOf = (s: LiveStream): string =>
  s.purpose === 'chart'
    ? `${href('devices', s.user, s.device, 'charts')}?resource=${encodeURIComponent(s.resource)}`
    : href('devices', s.user, s.device);

export function StreamsStatus() {
  const streams = useLiveStreams((s) => s.streams);
  const [said, setSaid] = useState<string | null>(null);
  const [expanded, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const count = streams.length;
  const open = expanded && count > 0;

  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(null), SAID_MS);
    return () => clearTimeout(timer);
  }, [said]);

  useEffect(() => {
    if (!open) return;
    const away = (e: Event): void => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'streams.allOff',
        label: t.allOffAction,
        group: t.group,
        keys: 'Mod+Shift+X',
        enabled: () => useLiveStreams.getState().streams.length > 0,
        perform: () => setSaid(t.stopped(stopStreams())),
      },
    ],
    [],
  );
  useRegisterActions(actions);

  return (
    <div className="streams-status" ref={box}>
      {count > 0 ? (
        <>
          <button
            type="button"
            className="status-item"
            aria-expanded={open}
            aria-controls="streams-list"
            onClick={() => setOpen(!open)}
          >
            <span className="status-online" aria-hidden="true">
              ∿
            </span>{' '}
            {t.count(count)}
          </button>
          <button
            type="button"
            className="status-item streams-off"
            title={displayKeys('Mod+Shift+X', isMac(navigator.platform))}
            onClick={() => setSaid(t.stopped(stopStreams()))}
          >
            {t.allOff}
          </button>
        </>
      ) : null}
      <span className="status-said" role="status">
        {said ?? ''}
      </span>
      {open ? (
        // A disclosure, not a modal dialog: focus stays where it was; Esc or a click away closes it.
        <section className="streams-popover" id="streams-list" aria-labelledby="streams-list-title">
          <h2 id="streams-list-title">{t.listTitle}</h2>
          <ul>
            {streams.map((s) => (
              <li key={s.id}>
                <a href={linkOf(s)} onClick={() => setOpen(false)}>
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
      ) : null}
    </div>
  );
}

/**
 * Status-bar item (UI.md §2, §3.4): "3 live streams" opens the list of streams this console has
 * open (charts, auto-refresh cards), each a link to where it lives; "All streams off" (also
 * Mod+Shift+X) stops every one and says how many it stopped.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { displayKeys, isMac } from '../../actions/keys';
import { useClickAway } from '../../components/useClickAway';
import { useNotice } from '../../components/useNotice';
import { messages } from '../../messages';
import { stopStreams, useLiveStreams } from '../../state/liveStreams';
import { StreamsList } from './StreamsList';
import './charts.css';

const t = messages.charts.streams;
/** How long "Stopped 3 streams." stays in the status bar. */
const SAID_MS = 5_000;

export function StreamsStatus() {
  const streams = useLiveStreams((s) => s.streams);
  const [said, say] = useNotice(SAID_MS);
  const [expanded, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const count = streams.length;
  const open = expanded && count > 0;
  const close = useCallback(() => setOpen(false), []);
  useClickAway(box, open, close);
  useEscape(open, close);

  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'streams.allOff',
        label: t.allOffAction,
        group: t.group,
        keys: 'Mod+Shift+X',
        enabled: () => useLiveStreams.getState().streams.length > 0,
        perform: () => say(t.stopped(stopStreams())),
      },
    ],
    [say],
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
            onClick={() => say(t.stopped(stopStreams()))}
          >
            {t.allOff}
          </button>
        </>
      ) : null}
      <span className="status-said" role="status">
        {said}
      </span>
      {open ? <StreamsList streams={streams} onFollow={close} /> : null}
    </div>
  );
}

/** Escape anywhere closes the list (focus stays where it was, so it may be outside it). */
function useEscape(active: boolean, onEscape: () => void): void {
  useEffect(() => {
    if (!active) return;
    const esc = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onEscape();
    };
    document.addEventListener('keydown', esc);
    return () => document.removeEventListener('keydown', esc);
  }, [active, onEscape]);
}

/**
 * The output side of a resource panel (UI.md §3.2 "Panels by resource kind"): a value card with
 * Refresh, Auto-refresh (a stream at that interval) and Chart.
 */
import { useCallback, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import type { ResourceEntry } from '../../state/resources';
import type { PanelTarget } from './commands';
import { DetailsPending } from './DetailsPending';
import { isCancelled, panelErrorAsNotice } from './panelErrors';
import { PendingButton } from './PendingButton';
import type { PanelActions } from './panelActionTypes';
import { AUTO_REFRESH_SECONDS, streamStaleAfter, useAutoRefresh } from './useAutoRefresh';
import { ValueCard } from './ValueCard';

const t = messages.device.panel;

export interface OutputSideProps {
  target: PanelTarget & { key: string };
  entry: ResourceEntry;
  actions: PanelActions;
  enabled: boolean;
  stale: boolean;
  now: number;
}

export function OutputSide({ target, entry, actions, enabled, stale, now }: OutputSideProps) {
  const [seconds, setSeconds] = useState(0);
  const stopped = useCallback(() => setSeconds(0), []);
  const stream = useAutoRefresh(target, seconds, stopped);
  const silent =
    seconds > 0 && stream.lastAt !== null && now - stream.lastAt > streamStaleAfter(seconds);
  const sample = target.fn === 4 && entry.outputSource === 'describe' ? t.sample : undefined;
  return (
    <div className="rp-output">
      {entry.details === null && entry.output === undefined ? (
        <DetailsPending target={target} entry={entry} />
      ) : (
        <ValueCard
          label={t.value}
          value={entry.output}
          at={entry.outputAt}
          now={now}
          stale={stale || silent}
          note={sample}
          large
        />
      )}
      <div className="row rp-tools">
        {target.fn === 3 ? (
          <PendingButton
            action={actions.refresh}
            cancel={actions.cancel}
            pending={entry.pending}
            pendingLabel={t.reading}
            primary={false}
          />
        ) : null}
        {target.fn === 3 ? <AutoRefreshSelect seconds={seconds} onSeconds={setSeconds} /> : null}
        {actions.chart ? (
          <button type="button" className="btn" onClick={actions.chart.perform}>
            {actions.chart.label}
          </button>
        ) : null}
      </div>
      {seconds > 0 && stream.state === 'error' ? (
        <p className="rp-warn">{t.streamFailed(stream.reason ?? '')}</p>
      ) : null}
      {seconds > 0 && stream.state === 'waiting' ? (
        <p className="rp-hint">{t.streamWaiting}</p>
      ) : null}
      {target.fn === 3 && entry.last && !entry.last.ok && !isCancelled(entry.last.error) ? (
        <ErrorNotice
          error={panelErrorAsNotice(entry.last.error)}
          onRetry={enabled ? actions.refresh.perform : undefined}
        />
      ) : null}
    </div>
  );
}

/** Auto-refresh: Off, 1, 2, 5, 10, 30, 60 s. */
function AutoRefreshSelect({
  seconds,
  onSeconds,
}: {
  seconds: number;
  onSeconds: (s: number) => void;
}) {
  return (
    <label className="rp-auto">
      <span>{t.autoRefresh}</span>
      <select className="field" value={seconds} onChange={(e) => onSeconds(Number(e.target.value))}>
        {AUTO_REFRESH_SECONDS.map((s) => (
          <option key={s} value={s}>
            {s ? t.everySeconds(s) : t.autoRefreshOff}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The MQTT bridge's live state: connected or why not (with the last error and the next retry), and
 * what it moved: queued, dropped (amber when any), published, streams, commands run / failed.
 */
import type { BridgeStatus } from '@contract/bridgeSchemas';
import { StatusGlyph, type Status } from '../../components/StatusGlyph';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';

const t = messages.settings.bridge;

const GLYPH: Record<BridgeStatus['state'], Status> = {
  off: 'offline',
  connecting: 'unknown',
  connected: 'online',
  waiting: 'warning',
  misconfigured: 'failed',
};

export function BridgeState({ status }: { status: BridgeStatus }) {
  const facts: [string, string][] = [
    [t.queued, status.queued.toLocaleString()],
    [t.dropped, status.dropped.toLocaleString()],
    [t.published, status.published.toLocaleString()],
    [t.streams, status.streams.toLocaleString()],
    [t.commands, `${status.commandsRun} / ${status.commandsFailed}`],
  ];
  return (
    <div className="bridge-state" role="status" aria-live="polite">
      <p className="bridge-state-line">
        <StatusGlyph status={GLYPH[status.state]} word={false} />{' '}
        <strong>{t.states[status.state]}</strong>
        {status.state !== 'off' ? (
          <span className="mono muted">
            {' '}
            {status.url} · {status.clientId}
          </span>
        ) : null}
        {status.connectedSince !== null ? (
          <span className="muted"> {t.since(clockTime(status.connectedSince))}</span>
        ) : null}
        {status.retryInMs !== null ? (
          <span className="muted"> · {t.retryIn(Math.ceil(status.retryInMs / 1000))}</span>
        ) : null}
      </p>
      {status.lastError && status.state !== 'connected' ? (
        <p className="bridge-error">
          {t.lastError}: {status.lastError}
        </p>
      ) : null}
      <dl className="bridge-facts">
        {facts.map(([k, v]) => (
          <div
            key={k}
            className={k === t.dropped && status.dropped > 0 ? 'bridge-warn' : undefined}
          >
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

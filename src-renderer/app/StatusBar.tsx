/**
 * The status bar (UI.md §2): listeners with their state, TLS fingerprint (click copies), devices
 * online/known, items of other views (streams, boards), and the amber accept-new-devices flag.
 * Every item is a button to its view or setting.
 */
import { useConnection } from '../api/connection';
import { copyText } from '../components/CopyButton';
import { statusGlyph } from '../components/StatusGlyph';
import { messages } from '../messages';
import { useBroker } from '../state/brokerStatus';
import { BoardsStatus } from '../views/boards/BoardsStatus';
import { StreamsStatus } from '../views/charts/StreamsStatus';
import { DeviceJumps } from '../views/devices/DeviceJumps';
import { href, navigate } from '../navigation/router';

/** `3F:A2:19:0C…7D:E4:51:9C`: first and last 4 bytes. */
function shortFingerprint(full: string): string {
  const bytes = full.split(':');
  return bytes.length <= 8 ? full : `${bytes.slice(0, 4).join(':')}…${bytes.slice(-4).join(':')}`;
}

export function StatusBar() {
  const link = useConnection((s) => s.link);
  const status = useBroker((s) => s.status);
  const error = useBroker((s) => s.error);
  // While contact is lost the counts are only the last known ones (issue 16).
  const contact = useConnection((s) => s.link === 'online');
  const t = messages.shell.status;

  if (link === 'no-token')
    return (
      <footer className="status-bar" aria-label={t.bar}>
        <span className="muted" data-testid="broker-status">
          {messages.shell.noToken.status}
        </span>
      </footer>
    );

  return (
    <footer className="status-bar" aria-label={t.bar}>
      {status?.listeners.map((l) => (
        <button
          key={l.name}
          type="button"
          className="status-item"
          data-testid={`status-listener-${l.port}`}
          onClick={() => navigate(href('settings'))}
        >
          {t.listener(l.transport, l.port)}{' '}
          <span className="status-online">{statusGlyph('online')}</span>
        </button>
      ))}
      {status?.failures.map((f) => (
        <button
          key={f.setting}
          type="button"
          className="status-item status-failed"
          title={t.listenerFailed(f.message)}
          onClick={() => navigate(href('settings'))}
        >
          {f.setting} {statusGlyph('failed')}
        </button>
      ))}
      {status?.tls.fingerprint && (
        <button
          type="button"
          className="status-item mono"
          title={t.fingerprintCopy}
          onClick={() => void copyText(status.tls.fingerprint)}
        >
          {t.fingerprint(shortFingerprint(status.tls.fingerprint))}
        </button>
      )}
      <button
        type="button"
        className="status-item"
        data-testid="broker-status"
        onClick={() => navigate(href('devices'))}
      >
        {status && !contact
          ? `${statusGlyph('unknown')} ${t.devicesUnknown(status.counts.registered)}`
          : status
            ? `${statusGlyph(status.counts.online ? 'online' : 'offline')} ${t.devices(status.counts.online, status.counts.registered)}`
            : error
              ? t.unreachable(error instanceof Error ? error.message : String(error))
              : messages.shell.link.connecting}
      </button>
      <BoardsStatus />
      <StreamsStatus />
      <DeviceJumps />
      {status?.acceptNewDevices && (
        <button
          type="button"
          className="status-item status-amber"
          onClick={() => navigate(href('admin'))}
        >
          {statusGlyph('warning')} {t.accepting}
        </button>
      )}
    </footer>
  );
}

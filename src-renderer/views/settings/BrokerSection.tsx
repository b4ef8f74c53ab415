/**
 * Settings → Broker: each device listener with its port, bind address and state (failures in
 * words), read-only because the contract offers no call to change them, with the start-up options
 * that do; the TLS certificate's full fingerprint with Copy and the self-signed note (IOTMP.md §1.5).
 */
import { useConnection } from '../../api/connection';
import { CopyButton } from '../../components/CopyButton';
import { StatusGlyph, statusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { useBroker } from '../../state/brokerStatus';

const WILDCARD = new Set(['0.0.0.0', '::']);

export function BrokerSection() {
  const t = messages.settings.broker;
  const status = useBroker((s) => s.status);
  const runtime = useConnection((s) => s.runtime);
  if (!status) return <p className="muted">{t.noStatus}</p>;
  const none = status.listeners.length === 0 && status.failures.length === 0;
  return (
    <>
      <h3 className="settings-sub">{t.listeners}</h3>
      {none ? (
        <p>{t.none}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.transport}</th>
                <th scope="col">{t.port}</th>
                <th scope="col">{t.bind}</th>
                <th scope="col">{t.state}</th>
              </tr>
            </thead>
            <tbody>
              {status.listeners.map((l) => (
                <tr key={l.name}>
                  <th scope="row">{t.labels[l.name] ?? l.transport.toUpperCase()}</th>
                  <td className="mono">{l.port}</td>
                  <td className="mono">{WILDCARD.has(l.host) ? t.every : l.host}</td>
                  <td>
                    <StatusGlyph status="online" word={false} /> {t.running}
                  </td>
                </tr>
              ))}
              {status.failures.map((f) => (
                <tr key={f.setting}>
                  <th scope="row" className="mono">
                    {f.setting}
                  </th>
                  <td colSpan={2}>{f.message}</td>
                  <td>
                    <StatusGlyph status="failed" word={false} /> {t.failed}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="settings-note">
        {runtime === 'desktop' ? `${t.desktopDefaults} ` : null}
        {t.changeHow}
      </p>
      <pre className="settings-flags">{t.flags}</pre>

      <h3 className="settings-sub">{t.tls}</h3>
      <p>{status.tls.selfSigned ? t.selfSigned : t.own}</p>
      <div className="settings-fingerprint">
        <span className="muted">{t.fingerprint}</span>
        <CopyButton text={status.tls.fingerprint} label={t.copyFingerprint} />
      </div>
      <code className="settings-fingerprint-value">{status.tls.fingerprint}</code>
      {status.tls.selfSigned ? (
        <p className="settings-caution">
          <span aria-hidden="true">{statusGlyph('warning')}</span> {t.selfSignedNote}
        </p>
      ) : null}
    </>
  );
}

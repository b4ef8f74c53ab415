/**
 * Connections the broker refused (UI.md §3.6): time, address, user/device tried and the reason;
 * an unknown device can be added from its row (the add form opens with its ids filled in).
 */
import { deviceKey } from '@contract/deviceKey';
import { useId } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import { useAdmin, type DeviceKey } from '../../state/admin';
import { exactly, when } from './dates';
import { useNow } from '../../components/useNow';

/** Newest first, this many at most: a scan of the network must not become a wall of rows. */
const SHOWN = 50;

export function RejectedConnections({ onAdd }: { onAdd: (key: DeviceKey) => void }) {
  const t = messages.admin.rejected;
  const rejected = useAdmin((s) => s.rejected);
  const error = useAdmin((s) => s.rejectedError);
  const refresh = useAdmin((s) => s.refreshRejected);
  const devices = useAdmin((s) => s.devices);
  const now = useNow(10_000);
  const headingId = useId();
  const rows = [...(rejected ?? [])].reverse().slice(0, SHOWN);
  const registered = new Set(devices?.map((d) => d.key));

  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="admin-section-title">
        {t.title}
        {rejected?.length ? <span className="count-badge">{rejected.length}</span> : null}
      </h2>
      {error ? (
        <ErrorNotice error={error} title={t.loadFailed} onRetry={() => void refresh()} />
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table" aria-label={t.title}>
            <thead>
              <tr>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.address}</th>
                <th scope="col">{t.tried}</th>
                <th scope="col">{t.reason}</th>
                <th scope="col">
                  <span className="visually-hidden">{messages.admin.table.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const key = deviceKey(r);
                return (
                  <tr key={`${r.address}|${key}|${r.reason}`}>
                    <td title={exactly(r.time)}>
                      {clockTime(r.time)} <span className="muted">· {when(r.time, now)}</span>
                    </td>
                    <td className="mono">{r.address}</td>
                    <td className="mono">{key}</td>
                    <td>
                      {t.reasons[r.reason] ?? r.reason}
                      {r.attempts > 1 ? (
                        <span className="muted"> · {t.attempts(r.attempts)}</span>
                      ) : null}
                    </td>
                    <td className="admin-actions">
                      {r.reason === 'unknown-device' && !registered.has(key) ? (
                        <button
                          type="button"
                          className="btn"
                          onClick={() => onAdd({ user: r.user, device: r.device })}
                        >
                          {t.addIt(key)}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

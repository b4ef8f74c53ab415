/** The alarms listed now, most severe first, each with Acknowledge (until acknowledged) and Clear. */
import type { AlarmInstanceInfo } from '@contract/alarmCalls';
import { useNow } from '../../components/useNow';
import { age, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { showValue, stateText } from './alarmText';

const t = messages.alarms;

export function ActiveAlarms({
  alarms,
  onAck,
  onClear,
}: {
  alarms: AlarmInstanceInfo[];
  onAck: (a: AlarmInstanceInfo) => void;
  onClear: (a: AlarmInstanceInfo) => void;
}) {
  const now = useNow(1_000);
  if (!alarms.length) return <p className="muted alarm-none">{t.noAlarms}</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table alarm-table">
        <thead>
          <tr>
            <th scope="col">{t.severity}</th>
            <th scope="col">{t.alarm}</th>
            <th scope="col">{t.device}</th>
            <th scope="col">{t.condition}</th>
            <th scope="col">{t.value}</th>
            <th scope="col">{t.state}</th>
            <th scope="col">{t.raised}</th>
            <th scope="col">
              <span className="visually-hidden">{t.acknowledge}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alarms.map((a) => (
            <tr
              key={a.instance}
              data-state={a.state}
              data-acknowledged={a.acknowledged || undefined}
              aria-label={`${a.name} ${a.device}`}
            >
              <td>
                <span className={`sev sev-${a.severity}`}>{t.severities[a.severity]}</span>
              </td>
              <td>
                <strong>{a.name}</strong>
                <div className="muted mono small">{a.instance}</div>
              </td>
              <td className="mono">{a.device}</td>
              <td className="mono">{a.condition}</td>
              <td className="mono">{showValue(a.value)}</td>
              <td>
                {stateText(a)}
                {a.acknowledgedBy ? (
                  <div className="muted small">{t.ackedBy(a.acknowledgedBy)}</div>
                ) : null}
              </td>
              <td title={dateTime(a.raised)}>{age(a.raised, now)}</td>
              <td className="alarm-actions">
                {!a.acknowledged && (
                  <button
                    type="button"
                    className="btn btn-primary"
                    aria-label={t.acknowledgeOne(`${a.name} ${a.device}`)}
                    onClick={() => onAck(a)}
                  >
                    {t.acknowledge}
                  </button>
                )}
                <button
                  type="button"
                  className="btn"
                  aria-label={t.clearOne(`${a.name} ${a.device}`)}
                  onClick={() => onClear(a)}
                >
                  {t.clear}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

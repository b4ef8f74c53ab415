/** The latest alarm events, newest first: raised (with the value), acknowledged, cleared… */
import type { AlarmEventInfo } from '@contract/alarmCalls';
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import { showValue } from './alarmText';

const t = messages.alarms;

export function AlarmEvents({ events }: { events: readonly AlarmEventInfo[] }) {
  if (events.length === 0) return <p className="muted">{t.noEvents}</p>;
  return (
    <ol className="alarm-events" aria-label={t.events}>
      {events.map((e) => (
        <li key={e.id}>
          <time className="mono muted" dateTime={new Date(e.ts).toISOString()}>
            {dateTime(e.ts)}
          </time>{' '}
          <span className={`sev sev-${e.alarm.severity}`}>{t.severities[e.alarm.severity]}</span>{' '}
          <strong>{e.alarm.name}</strong> <span className="mono">{e.alarm.device}</span>{' '}
          {t.eventTypes[e.type]}
          {e.type === 'raised' ? <span className="mono"> ({showValue(e.alarm.value)})</span> : null}
          {e.by && e.by !== 'normalized' ? <span className="muted"> {t.by(e.by)}</span> : null}
        </li>
      ))}
    </ol>
  );
}

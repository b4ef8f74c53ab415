/**
 * Alarms: the alarms listed now (most severe first, with Acknowledge and Clear), the rules that
 * raise them (add, edit, enable, delete: RulesSection) and the latest alarm events, kept live by
 * useAlarms.
 */
import { useMemo, useState } from 'react';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { UserPicker, useUserChoice } from '../../components/UserPicker';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { ActiveAlarms } from './ActiveAlarms';
import { AlarmEvents } from './AlarmEvents';
import { RulesSection } from './RulesSection';
import { useAlarms } from './useAlarms';
import '../../styles/tables.css';
import './alarms.css';

const t = messages.alarms;

export function AlarmsView() {
  const keys = useDevices((s) => s.keys);
  const choice = useUserChoice();
  const user = choice.user;
  const devices = useMemo(
    () => keys.filter((k) => splitKey(k)[0] === user).map((k) => splitKey(k)[1]),
    [keys, user],
  );
  const alarms = useAlarms(user);
  const { error, load, act } = alarms;
  const [notice, setNotice] = useState('');

  return (
    <>
      <ViewHeader title={t.title}>
        <UserPicker choice={choice} />
      </ViewHeader>
      <div className="view-body alarms-page">
        {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
        {notice && (
          <p role="status" className="muted">
            {notice}
          </p>
        )}
        <section className="alarm-section" aria-labelledby="alarms-active-h">
          <header>
            <h2 id="alarms-active-h">
              {t.active}
              {alarms.alarms.length ? (
                <span className="nav-badge">{alarms.alarms.length}</span>
              ) : null}
            </h2>
            <p className="muted">{t.activeHint}</p>
          </header>
          <ActiveAlarms
            alarms={alarms.alarms}
            onAck={(a) => void act(() => api().alarms.acknowledge({ user, instance: a.instance }))}
            onClear={(a) => void act(() => api().alarms.clear({ user, instance: a.instance }))}
          />
        </section>

        <RulesSection user={user} devices={devices} alarms={alarms} onSaved={setNotice} />

        <section className="alarm-section" aria-labelledby="alarms-events-h">
          <header>
            <h2 id="alarms-events-h">{t.events}</h2>
          </header>
          <AlarmEvents events={alarms.events} />
        </section>
      </div>
    </>
  );
}

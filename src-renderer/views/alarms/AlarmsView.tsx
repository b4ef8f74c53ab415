/**
 * Alarms: the alarms listed now (most severe first, with Acknowledge and Clear), the rules that
 * raise them (add, edit, enable, delete) and the latest alarm events. Live: each alarm event on
 * the user's events topic reloads the list, so an alarm shows up the moment it is raised.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AlarmEventInfo, AlarmInstanceInfo, AlarmRule } from '@contract/alarmCalls';
import { api, useConnection } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { UserPicker, useUserChoice } from '../../components/UserPicker';
import { ViewHeader } from '../../components/ViewHeader';
import { useNow } from '../../components/useNow';
import { age, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { draftOf, newDraft, ruleFields, sourceText, type RuleDraft } from './model';
import { RuleForm } from './RuleForm';
import '../../styles/tables.css';
import './alarms.css';

const t = messages.alarms;
const EVENTS_SHOWN = 30;

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function stateText(a: AlarmInstanceInfo): string {
  if (a.state === 'normalized') return t.states.normalized;
  return a.acknowledged ? t.states.activeAcked : t.states.active;
}

function ActiveAlarms({
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
              <td className="mono">{show(a.value)}</td>
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

export function AlarmsView() {
  const keys = useDevices((s) => s.keys);
  const choice = useUserChoice();
  const user = choice.user;
  const devices = useMemo(
    () => keys.filter((k) => splitKey(k)[0] === user).map((k) => splitKey(k)[1]),
    [keys, user],
  );
  const [alarms, setAlarms] = useState<AlarmInstanceInfo[]>([]);
  const [rules, setRules] = useState<AlarmRule[] | null>(null);
  const [events, setEvents] = useState<AlarmEventInfo[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  /** The rule form: a new rule (null id) or the rule being edited. */
  const [form, setForm] = useState<{ draft: RuleDraft; editing: boolean } | null>(null);
  const [armed, setArmed] = useState<string | null>(null);

  const fetchAll = useCallback(
    () =>
      Promise.all([
        api().alarms.list({ user }),
        api().alarms.rules({ user }),
        api().alarms.events({ user, limit: EVENTS_SHOWN }),
      ]),
    [user],
  );
  const apply = useCallback(([a, r, e]: Awaited<ReturnType<typeof fetchAll>>): void => {
    setAlarms(a.alarms);
    setRules(r.rules);
    setEvents(e.events);
    setError(null);
  }, []);
  const load = useCallback(
    (): Promise<void> => fetchAll().then(apply, (e: unknown) => setError(e)),
    [fetchAll, apply],
  );

  // Read once the link is up, and again after it comes back (alarms raised meanwhile).
  const online = useConnection((c) => c.link === 'online');
  useEffect(() => {
    if (!online) return;
    let live = true;
    const refresh = (): void =>
      void fetchAll().then(
        (r) => live && apply(r),
        (e: unknown) => live && setError(e),
      );
    refresh();
    const off = api().on('users.events', { user }, (e) => {
      if (e.event.startsWith('alarm_')) refresh();
    });
    return () => {
      live = false;
      off();
    };
  }, [online, user, fetchAll, apply]);

  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e);
    }
  };

  const save = async (d: RuleDraft, editing: boolean): Promise<void> => {
    try {
      const fields = ruleFields(d);
      if (editing) await api().alarms.updateRule({ user, rule: d.rule, ...fields });
      else await api().alarms.createRule({ user, rule: d.rule, ...fields });
      setForm(null);
      setNotice(t.form.saved(d.rule));
      await load();
    } catch (e) {
      setError(e);
    }
  };

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
              {alarms.length ? <span className="nav-badge">{alarms.length}</span> : null}
            </h2>
            <p className="muted">{t.activeHint}</p>
          </header>
          <ActiveAlarms
            alarms={alarms}
            onAck={(a) => void act(() => api().alarms.acknowledge({ user, instance: a.instance }))}
            onClear={(a) => void act(() => api().alarms.clear({ user, instance: a.instance }))}
          />
        </section>

        <section className="alarm-section" aria-labelledby="alarms-rules-h">
          <header className="row">
            <div>
              <h2 id="alarms-rules-h">{t.rules}</h2>
              <p className="muted">{t.rulesHint}</p>
            </div>
            <span className="spacer" />
            {!form && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => setForm({ draft: newDraft(devices[0] ?? ''), editing: false })}
              >
                {t.newRule}
              </button>
            )}
          </header>
          {form && (
            <RuleForm
              key={form.editing ? form.draft.rule : 'new'}
              initial={form.draft}
              editing={form.editing}
              taken={(rules ?? []).map((r) => r.rule)}
              devices={devices}
              onSave={(d) => save(d, form.editing)}
              onCancel={() => setForm(null)}
            />
          )}
          {rules?.length === 0 && !form && <p className="muted">{t.noRules}</p>}
          {!!rules?.length && (
            <div className="admin-table-wrap">
              <table className="admin-table alarm-rules">
                <thead>
                  <tr>
                    <th scope="col">{t.form.name}</th>
                    <th scope="col">{t.form.source}</th>
                    <th scope="col">{t.condition}</th>
                    <th scope="col">{t.severity}</th>
                    <th scope="col">{t.state}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t.rules}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((r) => (
                    <tr key={r.rule}>
                      <td>
                        <strong>{r.name}</strong>
                        <div className="muted mono small">{r.rule}</div>
                      </td>
                      <td className="mono">{sourceText(r)}</td>
                      <td className="mono">
                        {draftOf(r).op === 'outside'
                          ? `outside ${draftOf(r).min}…${draftOf(r).max}`
                          : r.condition.op === 'offline'
                            ? 'offline'
                            : `${r.condition.op} ${draftOf(r).value}`}
                        {r.forSeconds ? ` · ${r.forSeconds} s` : ''}
                      </td>
                      <td>
                        <span className={`sev sev-${r.severity}`}>{t.severities[r.severity]}</span>
                      </td>
                      <td>
                        <label className="check-inline">
                          <input
                            type="checkbox"
                            checked={r.enabled}
                            aria-label={`${t.enabled}: ${r.name}`}
                            onChange={(e) =>
                              void act(() =>
                                api().alarms.updateRule({
                                  user,
                                  rule: r.rule,
                                  enabled: e.target.checked,
                                }),
                              )
                            }
                          />
                          {r.enabled ? t.enabled : t.disabled}
                        </label>
                      </td>
                      <td className="alarm-actions">
                        <button
                          type="button"
                          className="btn btn-quiet"
                          aria-label={t.editRule(r.rule)}
                          onClick={() => setForm({ draft: draftOf(r), editing: true })}
                        >
                          {t.edit}
                        </button>
                        <button
                          type="button"
                          className="btn btn-danger"
                          aria-label={
                            armed === r.rule ? t.confirmRemove(r.rule) : t.removeRule(r.rule)
                          }
                          onClick={() => {
                            if (armed !== r.rule) return setArmed(r.rule);
                            setArmed(null);
                            void act(() => api().alarms.removeRule({ user, rule: r.rule }));
                          }}
                        >
                          {armed === r.rule ? t.confirmRemove(r.rule) : t.remove}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="alarm-section" aria-labelledby="alarms-events-h">
          <header>
            <h2 id="alarms-events-h">{t.events}</h2>
          </header>
          {events.length === 0 ? (
            <p className="muted">{t.noEvents}</p>
          ) : (
            <ol className="alarm-events" aria-label={t.events}>
              {events.map((e) => (
                <li key={e.id}>
                  <time className="mono muted" dateTime={new Date(e.ts).toISOString()}>
                    {dateTime(e.ts)}
                  </time>{' '}
                  <span className={`sev sev-${e.alarm.severity}`}>
                    {t.severities[e.alarm.severity]}
                  </span>{' '}
                  <strong>{e.alarm.name}</strong> <span className="mono">{e.alarm.device}</span>{' '}
                  {t.eventTypes[e.type]}
                  {e.type === 'raised' ? (
                    <span className="mono"> ({show(e.alarm.value)})</span>
                  ) : null}
                  {e.by && e.by !== 'normalized' ? (
                    <span className="muted"> {t.by(e.by)}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}

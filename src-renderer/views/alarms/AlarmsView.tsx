/**
 * Alarms: the alarms listed now (most severe first, with Acknowledge and Clear), the rules that
 * raise them (add, edit, enable, delete) and the latest alarm events, kept live by useAlarms.
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
import { draftOf, newDraft, ruleFields, type RuleDraft } from './model';
import { RuleForm } from './RuleForm';
import { RuleTable } from './RuleTable';
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
  const { alarms, rules, events, error, setError, load, act } = useAlarms(user);
  const [notice, setNotice] = useState('');
  /** The rule form: a new rule (null id) or the rule being edited. */
  const [form, setForm] = useState<{ draft: RuleDraft; editing: boolean } | null>(null);

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
            <RuleTable
              rules={rules}
              onEnable={(r, enabled) =>
                void act(() => api().alarms.updateRule({ user, rule: r.rule, enabled }))
              }
              onEdit={(r) => setForm({ draft: draftOf(r), editing: true })}
              onRemove={(r) => void act(() => api().alarms.removeRule({ user, rule: r.rule }))}
            />
          )}
        </section>

        <section className="alarm-section" aria-labelledby="alarms-events-h">
          <header>
            <h2 id="alarms-events-h">{t.events}</h2>
          </header>
          <AlarmEvents events={events} />
        </section>
      </div>
    </>
  );
}

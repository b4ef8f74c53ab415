/**
 * The Alarms view's rules: the table (enable, edit, delete) and the rule form, opened for a new
 * rule or the one being edited, which saves through alarms.createRule / alarms.updateRule.
 */
import { useState } from 'react';
import { api } from '../../api/connection';
import { messages } from '../../messages';
import { draftOf, newDraft, ruleFields, type RuleDraft } from './model';
import { RuleForm } from './RuleForm';
import { RuleTable } from './RuleTable';
import type { Alarms } from './useAlarms';

const t = messages.alarms;

export function RulesSection({
  user,
  devices,
  alarms,
  onSaved,
}: {
  user: string;
  /** The user's devices, for the form's device choice. */
  devices: readonly string[];
  alarms: Pick<Alarms, 'rules' | 'load' | 'act' | 'setError'>;
  onSaved(notice: string): void;
}) {
  const { rules, load, act, setError } = alarms;
  /** The rule form: a new rule or the rule being edited. */
  const [form, setForm] = useState<{ draft: RuleDraft; editing: boolean } | null>(null);

  const save = async (d: RuleDraft, editing: boolean): Promise<void> => {
    try {
      const fields = ruleFields(d);
      if (editing) await api().alarms.updateRule({ user, rule: d.rule, ...fields });
      else await api().alarms.createRule({ user, rule: d.rule, ...fields });
      setForm(null);
      onSaved(t.form.saved(d.rule));
      await load();
    } catch (e) {
      setError(e);
    }
  };

  return (
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
  );
}

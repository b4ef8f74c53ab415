/**
 * One alarm rule, new or being edited: what to watch (a device resource, a bucket field, a
 * connection: RuleSourceFields), the condition and how long it must hold (RuleConditionFields),
 * the severity. Errors stay beside the field that caused them; Save is only possible once nothing
 * is wrong (useRuleDraft).
 */
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { RuleDraft, Severity } from './model';
import { RuleConditionFields } from './RuleConditionFields';
import { RuleSourceFields } from './RuleSourceFields';
import { severityOptions } from './ruleOptions';
import { useRuleDraft } from './useRuleDraft';

const t = messages.alarms;
const f = t.form;

export function RuleForm({
  initial,
  editing,
  taken,
  devices,
  onSave,
  onCancel,
}: {
  initial: RuleDraft;
  /** Editing an existing rule: its id cannot change. */
  editing: boolean;
  /** Rule ids in use (a new rule must not take one). */
  taken: readonly string[];
  devices: readonly string[];
  onSave: (d: RuleDraft) => Promise<void>;
  onCancel: () => void;
}) {
  const draft = useRuleDraft(initial, editing ? [] : taken, onSave);
  const { d, set, err } = draft;
  return (
    <form
      className="alarm-form"
      aria-label={editing ? t.editRule(d.rule) : t.newRule}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void draft.submit();
      }}
    >
      <div className="alarm-form-row">
        <TextField
          label={f.rule}
          hint={f.ruleHint}
          mono
          value={d.rule}
          disabled={editing}
          error={err('rule')}
          onValue={(rule) => set({ rule })}
        />
        <TextField
          label={f.name}
          value={d.name}
          error={err('name')}
          onValue={(name) => set({ name })}
        />
        <SelectField<Severity>
          label={f.severity}
          value={d.severity}
          options={severityOptions()}
          onValue={(severity) => set({ severity })}
        />
      </div>
      <RuleSourceFields draft={draft} devices={devices} />
      <RuleConditionFields draft={draft} />
      <div className="row">
        <label className="check-inline">
          <input
            type="checkbox"
            checked={d.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {f.enabled}
        </label>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onCancel}>
          {f.cancel}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={draft.busy}
          aria-disabled={draft.touched && !draft.valid ? true : undefined}
        >
          {editing ? f.save : f.create}
        </button>
      </div>
    </form>
  );
}

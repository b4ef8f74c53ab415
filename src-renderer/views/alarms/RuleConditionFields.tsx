/**
 * The rule form's condition row: the operator (a connection is only ever "offline"), its threshold
 * or range, and how many seconds the condition must hold before the alarm is raised.
 */
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { Op } from './model';
import { opOptions } from './ruleOptions';
import type { RuleDraftState } from './useRuleDraft';

const f = messages.alarms.form;

export function RuleConditionFields({ draft }: { draft: RuleDraftState }) {
  const { d, set, err } = draft;
  return (
    <div className="alarm-form-row">
      <SelectField<Op>
        label={f.op}
        value={d.op}
        options={opOptions(d.kind)}
        onValue={(op) => set({ op })}
      />
      {d.op === 'above' || d.op === 'below' ? (
        <TextField
          label={f.value}
          inputMode="decimal"
          value={d.value}
          error={err('value')}
          onValue={(value) => set({ value })}
        />
      ) : null}
      {d.op === 'outside' ? (
        <>
          <TextField
            label={f.min}
            inputMode="decimal"
            value={d.min}
            error={err('min')}
            onValue={(min) => set({ min })}
          />
          <TextField
            label={f.max}
            inputMode="decimal"
            value={d.max}
            error={err('max')}
            onValue={(max) => set({ max })}
          />
        </>
      ) : null}
      <TextField
        label={f.forSeconds}
        hint={f.forHint}
        inputMode="numeric"
        value={d.forSeconds}
        error={err('forSeconds')}
        onValue={(forSeconds) => set({ forSeconds })}
      />
    </div>
  );
}

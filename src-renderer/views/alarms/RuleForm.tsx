/**
 * One alarm rule, new or being edited: what to watch (a device resource, a bucket field, a
 * connection), the condition and how long it must hold, the severity. Errors stay beside the
 * field that caused them; Save is only possible once nothing is wrong.
 */
import { useId, useState, type ReactNode } from 'react';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import {
  draftErrors,
  withKind,
  type Op,
  type RuleDraft,
  type Severity,
  type SourceKind,
} from './model';

const t = messages.alarms;
const f = t.form;

function Select<T extends string>({
  label,
  value,
  options,
  onValue,
  mono = false,
}: {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onValue: (v: T) => void;
  mono?: boolean;
}) {
  const id = useId();
  return (
    <div className="text-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className={`field${mono ? ' mono' : ''}`}
        value={value}
        onChange={(e) => onValue(e.target.value as T)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

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
  const [d, setD] = useState(initial);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = draftErrors(d, editing ? [] : taken);
  const valid = Object.keys(errors).length === 0;
  const set = (patch: Partial<RuleDraft>): void => setD((x) => ({ ...x, ...patch }));
  const err = (k: keyof RuleDraft): string | null => (touched ? (errors[k] ?? null) : null);
  const anyAllowed = d.kind !== 'resource';
  const deviceOptions: (readonly [string, string])[] = [
    ...(d.device === '' ? [['', '—'] as const] : []),
    ...(anyAllowed ? [['*', f.anyDevice] as const] : []),
    ...devices.map((x) => [x, x] as const),
    ...(d.device && d.device !== '*' && !devices.includes(d.device)
      ? [[d.device, d.device] as const]
      : []),
  ];

  const submit = async (): Promise<void> => {
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    try {
      await onSave(d);
    } finally {
      setBusy(false);
    }
  };

  const row = (...children: ReactNode[]) => <div className="alarm-form-row">{children}</div>;

  return (
    <form
      className="alarm-form"
      aria-label={editing ? t.editRule(d.rule) : t.newRule}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {row(
        <TextField
          key="rule"
          label={f.rule}
          hint={f.ruleHint}
          mono
          value={d.rule}
          disabled={editing}
          error={err('rule')}
          onValue={(rule) => set({ rule })}
        />,
        <TextField
          key="name"
          label={f.name}
          value={d.name}
          error={err('name')}
          onValue={(name) => set({ name })}
        />,
        <Select<Severity>
          key="sev"
          label={f.severity}
          value={d.severity}
          options={(Object.keys(t.severities) as Severity[]).map((s) => [s, t.severities[s]])}
          onValue={(severity) => set({ severity })}
        />,
      )}
      {row(
        <Select<SourceKind>
          key="kind"
          label={f.source}
          value={d.kind}
          options={(Object.keys(f.sources) as SourceKind[]).map((k) => [k, f.sources[k]])}
          onValue={(k) => setD((x) => withKind(x, k))}
        />,
        <div key="device" className="text-field">
          <Select<string>
            label={f.device}
            value={d.device}
            mono
            options={deviceOptions}
            onValue={(device) => set({ device })}
          />
          {err('device') ? <p className="field-error">{err('device')}</p> : null}
        </div>,
        d.kind === 'resource' ? (
          <TextField
            key="resource"
            label={f.resource}
            mono
            value={d.resource}
            error={err('resource')}
            onValue={(resource) => set({ resource })}
          />
        ) : null,
        d.kind === 'bucket' ? (
          <TextField
            key="bucket"
            label={f.bucket}
            mono
            value={d.bucket}
            error={err('bucket')}
            onValue={(bucket) => set({ bucket })}
          />
        ) : null,
        d.kind !== 'connection' ? (
          <TextField
            key="field"
            label={f.field}
            hint={f.fieldHint}
            mono
            value={d.field}
            error={err('field')}
            onValue={(field) => set({ field })}
          />
        ) : null,
        d.kind === 'resource' ? (
          <TextField
            key="interval"
            label={f.interval}
            inputMode="numeric"
            value={d.intervalS}
            error={err('intervalS')}
            onValue={(intervalS) => set({ intervalS })}
          />
        ) : null,
      )}
      {row(
        <Select<Op>
          key="op"
          label={f.op}
          value={d.op}
          options={(d.kind === 'connection'
            ? (['offline'] as const)
            : (['above', 'below', 'outside'] as const)
          ).map((o) => [o, f.ops[o]])}
          onValue={(op) => set({ op })}
        />,
        d.op === 'above' || d.op === 'below' ? (
          <TextField
            key="value"
            label={f.value}
            inputMode="decimal"
            value={d.value}
            error={err('value')}
            onValue={(value) => set({ value })}
          />
        ) : null,
        d.op === 'outside' ? (
          <TextField
            key="min"
            label={f.min}
            inputMode="decimal"
            value={d.min}
            error={err('min')}
            onValue={(min) => set({ min })}
          />
        ) : null,
        d.op === 'outside' ? (
          <TextField
            key="max"
            label={f.max}
            inputMode="decimal"
            value={d.max}
            error={err('max')}
            onValue={(max) => set({ max })}
          />
        ) : null,
        <TextField
          key="for"
          label={f.forSeconds}
          hint={f.forHint}
          inputMode="numeric"
          value={d.forSeconds}
          error={err('forSeconds')}
          onValue={(forSeconds) => set({ forSeconds })}
        />,
      )}
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
          disabled={busy}
          aria-disabled={touched && !valid ? true : undefined}
        >
          {editing ? f.save : f.create}
        </button>
      </div>
    </form>
  );
}

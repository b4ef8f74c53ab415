/**
 * The rule form's "what to watch" row: the source kind, the device, and what that kind needs (a
 * resource and how often to sample it, a bucket, the field inside the value); a connection needs
 * only its device.
 */
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { SourceKind } from './model';
import { deviceOptions, sourceOptions } from './ruleOptions';
import type { RuleDraftState } from './useRuleDraft';

const f = messages.alarms.form;

export function RuleSourceFields({
  draft,
  devices,
}: {
  draft: RuleDraftState;
  devices: readonly string[];
}) {
  const { d, set, err } = draft;
  return (
    <div className="alarm-form-row">
      <SelectField<SourceKind>
        label={f.source}
        value={d.kind}
        options={sourceOptions()}
        onValue={draft.setKind}
      />
      <SelectField<string>
        label={f.device}
        value={d.device}
        mono
        options={deviceOptions(d, devices)}
        error={err('device')}
        onValue={(device) => set({ device })}
      />
      {d.kind === 'resource' ? (
        <TextField
          label={f.resource}
          mono
          value={d.resource}
          error={err('resource')}
          onValue={(resource) => set({ resource })}
        />
      ) : null}
      {d.kind === 'bucket' ? (
        <TextField
          label={f.bucket}
          mono
          value={d.bucket}
          error={err('bucket')}
          onValue={(bucket) => set({ bucket })}
        />
      ) : null}
      {d.kind !== 'connection' ? (
        <TextField
          label={f.field}
          hint={f.fieldHint}
          mono
          value={d.field}
          error={err('field')}
          onValue={(field) => set({ field })}
        />
      ) : null}
      {d.kind === 'resource' ? (
        <TextField
          label={f.interval}
          inputMode="numeric"
          value={d.intervalS}
          error={err('intervalS')}
          onValue={(intervalS) => set({ intervalS })}
        />
      ) : null}
    </div>
  );
}

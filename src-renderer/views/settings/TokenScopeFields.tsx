/**
 * What a new token allows, beyond its preset: the device and its resources, the bucket, or a
 * Thinger permission typed as JSON (checked as typed, with the reason beside it).
 */
import { Field, SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { Preset } from './tokenPermission';

const t = messages.tokens;

export interface TokenScope {
  device: string;
  resources: string;
  bucket: string;
  custom: string;
}

export function TokenScopeFields({
  preset,
  scope,
  devices,
  error,
  onScope,
}: {
  preset: Preset;
  /** As typed; `device` is the one shown (the first device until one is chosen). */
  scope: TokenScope;
  devices: readonly string[];
  /** Why the typed permission is not one, or null. */
  error: string | null;
  onScope(patch: Partial<TokenScope>): void;
}) {
  if (preset === 'device')
    return (
      <>
        <SelectField
          label={t.device}
          value={scope.device}
          options={devices.map((d) => [d, d] as const)}
          onValue={(device) => onScope({ device })}
          mono
        />
        <TextField
          label={t.resources}
          value={scope.resources}
          onValue={(resources) => onScope({ resources })}
          mono
        />
      </>
    );
  if (preset === 'bucket')
    return (
      <TextField
        label={t.bucket}
        value={scope.bucket}
        onValue={(bucket) => onScope({ bucket })}
        mono
      />
    );
  if (preset === 'custom')
    return (
      <Field label={t.permission} error={error}>
        {(control) => (
          <textarea
            className="field mono"
            rows={4}
            value={scope.custom}
            placeholder={t.permissionHint}
            onChange={(e) => onScope({ custom: e.target.value })}
            {...control}
          />
        )}
      </Field>
    );
  return null;
}

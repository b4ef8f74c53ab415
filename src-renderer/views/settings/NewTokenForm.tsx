/**
 * The new access token form: a name, what it allows (a preset scope or a Thinger permission as
 * JSON, checked as typed), an expiry; Create token asks main and hands the token shown once up.
 */
import { useState } from 'react';
import { api } from '../../api/connection';
import { Field, SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { EXPIRY_MS, permissionOf, type Expiry, type Preset } from './tokenPermission';

const t = messages.tokens;

export function NewTokenForm({
  user,
  devices,
  onCreated,
  onError,
}: {
  user: string;
  devices: string[];
  onCreated: (name: string, jwt: string) => void;
  onError: (e: unknown) => void;
}) {
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<Preset>('device');
  const [device, setDevice] = useState('');
  const [resources, setResources] = useState('');
  const [bucket, setBucket] = useState('');
  const [custom, setCustom] = useState('');
  const [expiry, setExpiry] = useState<Expiry>('never');
  const shownDevice = device || devices[0] || '';

  const permission = permissionOf({ preset, device: shownDevice, resources, bucket, custom });

  const create = async (): Promise<void> => {
    if (!permission.ok || !name.trim()) return;
    const ms = EXPIRY_MS[expiry];
    try {
      const r = await api().tokens.create({
        user,
        name: name.trim(),
        allow: permission.p,
        ...(ms === null ? {} : { expire: Date.now() + ms }),
        ...(permission.dev ? { device: permission.dev } : {}),
        ...(permission.res ? { resources: permission.res } : {}),
      });
      onCreated(r.token.name, r.access_token);
      setName('');
    } catch (e) {
      onError(e);
    }
  };

  return (
    <fieldset className="tokens-new">
      <legend>{t.newToken}</legend>
      <TextField label={t.name} value={name} onValue={setName} placeholder="Node-RED" />
      <SelectField
        label={t.preset}
        value={preset}
        options={(Object.keys(t.presets) as Preset[]).map((p) => [p, t.presets[p]] as const)}
        onValue={setPreset}
      />
      {preset === 'device' && (
        <>
          <SelectField
            label={t.device}
            value={shownDevice}
            options={devices.map((d) => [d, d] as const)}
            onValue={setDevice}
            mono
          />
          <TextField label={t.resources} value={resources} onValue={setResources} mono />
        </>
      )}
      {preset === 'bucket' && (
        <TextField label={t.bucket} value={bucket} onValue={setBucket} mono />
      )}
      {preset === 'custom' && (
        <Field label={t.permission} error={custom !== '' && !permission.ok ? permission.m : null}>
          {(control) => (
            <textarea
              className="field mono"
              rows={4}
              value={custom}
              placeholder={t.permissionHint}
              onChange={(e) => setCustom(e.target.value)}
              {...control}
            />
          )}
        </Field>
      )}
      <SelectField
        label={t.expiry}
        value={expiry}
        options={(Object.keys(t.expiries) as Expiry[]).map((x) => [x, t.expiries[x]] as const)}
        onValue={setExpiry}
      />
      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!permission.ok || !name.trim()}
          onClick={() => void create()}
        >
          {t.create}
        </button>
      </div>
    </fieldset>
  );
}

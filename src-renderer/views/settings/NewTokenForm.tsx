/**
 * The new access token form: a name, what it allows (a preset scope or a Thinger permission as
 * JSON, checked as typed: TokenScopeFields), an expiry; Create token asks main and hands the token
 * shown once up.
 */
import { useState } from 'react';
import { api } from '../../api/connection';
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { EXPIRY_MS, permissionOf, type Expiry, type Preset } from './tokenPermission';
import { TokenScopeFields, type TokenScope } from './TokenScopeFields';

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
  const [scope, setScope] = useState<TokenScope>({
    device: '',
    resources: '',
    bucket: '',
    custom: '',
  });
  const [expiry, setExpiry] = useState<Expiry>('never');
  const shown: TokenScope = { ...scope, device: scope.device || devices[0] || '' };
  const permission = permissionOf({ preset, ...shown });
  const ready = permission.ok && name.trim() !== '';

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
      <TokenScopeFields
        preset={preset}
        scope={shown}
        devices={devices}
        error={scope.custom !== '' && !permission.ok ? permission.m : null}
        onScope={(patch) => setScope((s) => ({ ...s, ...patch }))}
      />
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
          disabled={!ready}
          onClick={() => void create()}
        >
          {t.create}
        </button>
      </div>
    </fieldset>
  );
}

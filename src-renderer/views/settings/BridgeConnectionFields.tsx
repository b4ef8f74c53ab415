/**
 * The bridge form's connection: broker URL, client id, user name and the write-only password (with
 * "clear the saved password" once one is saved), then the TLS files.
 */
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { BridgeDraft } from '../../state/bridge';
import type { BridgeField } from './bridgeField';

const t = messages.settings.bridge;

export function BridgeConnectionFields({
  d,
  field,
  passwordSet,
  edit,
}: {
  d: BridgeDraft;
  field: BridgeField;
  /** A password is saved (the page never learns it). */
  passwordSet: boolean;
  edit(patch: Partial<BridgeDraft>): void;
}) {
  return (
    <>
      <h3 className="settings-sub">{t.connection}</h3>
      <div className="settings-grid">
        <TextField
          className="bridge-wide"
          label={t.url}
          hint={t.urlHint}
          placeholder="mqtts://mqtt.example.com:8883"
          {...field('url')}
        />
        <TextField label={t.clientId} {...field('clientId')} />
        <TextField label={t.username} {...field('username')} />
        <TextField
          label={t.password}
          hint={passwordSet ? t.passwordSet : t.passwordNone}
          type="password"
          autoComplete="new-password"
          disabled={d.clearPassword}
          {...field('password')}
        />
      </div>
      {passwordSet ? (
        <label className="bridge-check">
          <input
            type="checkbox"
            checked={d.clearPassword}
            onChange={(e) => edit({ clearPassword: e.target.checked, password: '' })}
          />{' '}
          {t.clearPassword}
        </label>
      ) : null}
      <h3 className="settings-sub">{t.tls}</h3>
      <div className="settings-grid">
        <TextField label={t.caFile} placeholder="/etc/ssl/cluster-ca.pem" {...field('caFile')} />
        <TextField label={t.certFile} {...field('certFile')} />
        <TextField label={t.keyFile} {...field('keyFile')} />
      </div>
    </>
  );
}

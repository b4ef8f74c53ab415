/**
 * Settings → Access tokens: a user's tokens (name, what they allow, expiry, enabled) with Revoke,
 * and a form that creates one from a preset scope or a Thinger permission; the new token is shown
 * once, with Copy and a QR code the Thinger mobile app scans.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AccessTokenInfo, Permission } from '@contract/serverSchemas';
import { api } from '../../api/connection';
import { CopyButton } from '../../components/CopyButton';
import { useNow } from '../../components/useNow';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { QrCode } from '../../components/QrCode';
import { Field, SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';

const t = messages.tokens;
type Preset = keyof typeof t.presets;
type Expiry = keyof typeof t.expiries;
const EXPIRY_MS: Record<Expiry, number | null> = {
  never: null,
  '1d': 86_400_000,
  '30d': 30 * 86_400_000,
  '365d': 365 * 86_400_000,
};

/** "Device thermo: AccessDeviceResources (temperature)" lines from a permission. */
function describePermission(p: Permission): string {
  return Object.entries(p)
    .flatMap(([type, ids]) =>
      Object.entries(ids).map(([id, actions]) => {
        const what =
          typeof actions === 'string'
            ? actions
            : actions
                .map((a) =>
                  typeof a === 'string'
                    ? a
                    : Object.entries(a)
                        .map(([k, v]) => `${k} (${typeof v === 'string' ? v : v.join(', ')})`)
                        .join(', '),
                )
                .join(', ');
        return `${type === '*' ? 'Everything' : type} ${id === '*' ? '(any)' : id}: ${what === '*' ? 'all' : what}`;
      }),
    )
    .join('; ');
}

export function AccessTokensSection() {
  const devices = useDevices((s) => s.devices);
  const keys = useMemo(() => Object.keys(devices), [devices]);
  const users = useMemo(() => [...new Set(keys.map((k) => splitKey(k)[0]))].sort(), [keys]);
  const [user, setUser] = useState('');
  const shownUser = user || users[0] || 'site';
  const [list, setList] = useState<AccessTokenInfo[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [armed, setArmed] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; jwt: string } | null>(null);
  const now = useNow(30_000);
  const id = useId();

  const load = useCallback(
    () =>
      api()
        .tokens.list({ user: shownUser })
        .then(
          (r) => {
            setList(r.tokens);
            setError(null);
          },
          (e: unknown) => setError(e),
        ),
    [shownUser],
  );
  useEffect(() => {
    let live = true;
    api()
      .tokens.list({ user: shownUser })
      .then(
        (r) => live && setList(r.tokens),
        (e: unknown) => live && setError(e),
      );
    return () => {
      live = false;
    };
  }, [shownUser]);

  const revoke = async (token: AccessTokenInfo): Promise<void> => {
    if (armed !== token.token) return setArmed(token.token);
    try {
      await api().tokens.remove({ user: shownUser, token: token.token });
      setArmed(null);
      setNotice(t.revoked(token.name));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const toggle = async (token: AccessTokenInfo, enabled: boolean): Promise<void> => {
    try {
      await api().tokens.update({ user: shownUser, token: token.token, enabled });
      await load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="tokens" data-testid="access-tokens">
      <p className="muted">{t.intro}</p>
      <TextField
        className="tokens-user"
        label={t.user}
        value={user}
        placeholder={shownUser}
        onValue={(v) => setUser(v.trim())}
        list={`${id}-users`}
        mono
      />
      <datalist id={`${id}-users`}>
        {users.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      {error !== null && <ErrorNotice error={error} onRetry={() => void load()} />}
      {list.length === 0 ? (
        <p className="muted">{t.none(shownUser)}</p>
      ) : (
        <table className="data-table tokens-table">
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.scope}</th>
              <th scope="col">{t.expires}</th>
              <th scope="col">{t.enabled}</th>
              <th scope="col" aria-label={t.revoke} />
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr key={k.token}>
                <th scope="row">
                  {k.name} <span className="muted mono">{k.token}</span>
                </th>
                <td>{describePermission(k.allow)}</td>
                <td>
                  {k.expire === null ? t.never : k.expire < now ? t.expired : dateTime(k.expire)}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t.enabled}: ${k.name}`}
                    checked={k.enabled}
                    onChange={(e) => void toggle(k, e.target.checked)}
                  />
                </td>
                <td>
                  <button type="button" className="btn btn-danger" onClick={() => void revoke(k)}>
                    {armed === k.token ? t.confirmRevoke : t.revoke}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className="muted">
        {notice}
      </p>
      {created ? (
        <TokenOnce created={created} onDone={() => setCreated(null)} />
      ) : (
        <NewToken
          user={shownUser}
          devices={keys.filter((k) => splitKey(k)[0] === shownUser).map((k) => splitKey(k)[1])}
          onCreated={(name, jwt) => {
            setCreated({ name, jwt });
            setNotice('');
            void load();
          }}
          onError={setError}
        />
      )}
    </div>
  );
}

function NewToken({
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

  const permission = (():
    { ok: true; p: Permission; dev?: string; res?: string[] } | { ok: false; m: string } => {
    const res = resources
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (preset === 'admin') return { ok: true, p: { '*': { '*': '*' } } };
    if (preset === 'device')
      return shownDevice
        ? {
            ok: true,
            dev: shownDevice,
            ...(res.length ? { res } : {}),
            p: {
              Device: {
                [shownDevice]: [
                  res.length ? { AccessDeviceResources: res } : 'AccessDeviceResources',
                  'ListDeviceResources',
                  'ReadDeviceStatus',
                ],
              },
            },
          }
        : { ok: false, m: t.device };
    if (preset === 'bucket')
      return bucket
        ? { ok: true, p: { Bucket: { [bucket]: ['ReadBucket'] } } }
        : { ok: false, m: t.bucket };
    try {
      const p = JSON.parse(custom) as unknown;
      if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new Error('an object');
      return { ok: true, p: p as Permission };
    } catch (e) {
      return { ok: false, m: t.badJson((e as Error).message) };
    }
  })();

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

function TokenOnce({
  created,
  onDone,
}: {
  created: { name: string; jwt: string };
  onDone: () => void;
}) {
  return (
    <div className="tokens-once" role="region" aria-label={t.onceTitle(created.name)}>
      <h3>{t.onceTitle(created.name)}</h3>
      <p className="settings-caution">{t.onceWarning}</p>
      <div className="tokens-once-body">
        <code className="mono tokens-jwt" data-testid="token-once">
          {created.jwt}
        </code>
        <QrCode text={created.jwt} label={t.qr} />
      </div>
      <div className="row">
        <CopyButton text={created.jwt} label={t.copy} />
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </div>
  );
}

/**
 * Settings → Access tokens: a user's tokens (name, what they allow, expiry, enabled) with Revoke
 * (TokensTable), and a form that creates one from a preset scope or a Thinger permission
 * (NewTokenForm); the new token is shown once, with Copy and a QR code the Thinger mobile app
 * scans (TokenOnce).
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AccessTokenInfo } from '@contract/serverSchemas';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { NewTokenForm } from './NewTokenForm';
import { TokenOnce } from './TokenOnce';
import { TokensTable } from './TokensTable';

const t = messages.tokens;

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
        <TokensTable
          list={list}
          armed={armed}
          onToggle={(k, on) => void toggle(k, on)}
          onRevoke={(k) => void revoke(k)}
        />
      )}
      <p role="status" className="muted">
        {notice}
      </p>
      {created ? (
        <TokenOnce created={created} onDone={() => setCreated(null)} />
      ) : (
        <NewTokenForm
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

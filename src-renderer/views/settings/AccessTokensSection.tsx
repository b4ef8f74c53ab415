/**
 * Settings → Access tokens: a user's tokens (name, what they allow, expiry, enabled) with Revoke
 * (TokensTable), and a form that creates one from a preset scope or a Thinger permission
 * (NewTokenForm); the new token is shown once, with Copy and a QR code the Thinger mobile app
 * scans (TokenOnce). The list and its calls: useAccessTokens.
 */
import { useId, useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { NewTokenForm } from './NewTokenForm';
import { TokenOnce } from './TokenOnce';
import { TokensTable } from './TokensTable';
import { useAccessTokens } from './useAccessTokens';

const t = messages.tokens;

export function AccessTokensSection() {
  const devices = useDevices((s) => s.devices);
  const keys = useMemo(() => Object.keys(devices), [devices]);
  const users = useMemo(() => [...new Set(keys.map((k) => splitKey(k)[0]))].sort(), [keys]);
  const [user, setUser] = useState('');
  const shownUser = user || users[0] || 'site';
  const tokens = useAccessTokens(shownUser);
  const { list, error, load } = tokens;
  const [created, setCreated] = useState<{ name: string; jwt: string } | null>(null);
  const id = useId();

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
          armed={tokens.armed}
          onToggle={(k, on) => void tokens.toggle(k, on)}
          onRevoke={(k) => void tokens.revoke(k)}
        />
      )}
      <p role="status" className="muted">
        {tokens.notice}
      </p>
      {created ? (
        <TokenOnce created={created} onDone={() => setCreated(null)} />
      ) : (
        <NewTokenForm
          user={shownUser}
          devices={keys.filter((k) => splitKey(k)[0] === shownUser).map((k) => splitKey(k)[1])}
          onCreated={(name, jwt) => {
            setCreated({ name, jwt });
            tokens.setNotice('');
            void load();
          }}
          onError={tokens.setError}
        />
      )}
    </div>
  );
}

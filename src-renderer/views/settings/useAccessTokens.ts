/**
 * One user's access tokens: the list (read again when the user changes), Revoke that asks first
 * (the first press arms it, the second revokes), enabling and disabling, and what the section
 * says afterwards.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AccessTokenInfo } from '@contract/serverSchemas';
import { api } from '../../api/connection';
import { messages } from '../../messages';

const t = messages.tokens;

export function useAccessTokens(user: string) {
  const [list, setList] = useState<AccessTokenInfo[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [armed, setArmed] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api()
        .tokens.list({ user })
        .then(
          (r) => {
            setList(r.tokens);
            setError(null);
          },
          (e: unknown) => setError(e),
        ),
    [user],
  );
  useEffect(() => {
    let live = true;
    api()
      .tokens.list({ user })
      .then(
        (r) => live && setList(r.tokens),
        (e: unknown) => live && setError(e),
      );
    return () => {
      live = false;
    };
  }, [user]);

  const revoke = async (token: AccessTokenInfo): Promise<void> => {
    if (armed !== token.token) return setArmed(token.token);
    try {
      await api().tokens.remove({ user, token: token.token });
      setArmed(null);
      setNotice(t.revoked(token.name));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const toggle = async (token: AccessTokenInfo, enabled: boolean): Promise<void> => {
    try {
      await api().tokens.update({ user, token: token.token, enabled });
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return { list, error, setError, notice, setNotice, armed, load, revoke, toggle };
}

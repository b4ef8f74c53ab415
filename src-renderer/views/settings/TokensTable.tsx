/** A user's access tokens: name, what each allows, expiry, Enabled, and Revoke (asks once more). */
import type { AccessTokenInfo } from '@contract/serverSchemas';
import { useNow } from '../../components/useNow';
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import { describePermission } from './tokenPermission';

const t = messages.tokens;

export function TokensTable({
  list,
  armed,
  onToggle,
  onRevoke,
}: {
  list: readonly AccessTokenInfo[];
  /** The token whose Revoke was pressed once. */
  armed: string | null;
  onToggle(token: AccessTokenInfo, enabled: boolean): void;
  onRevoke(token: AccessTokenInfo): void;
}) {
  const now = useNow(30_000);
  return (
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
            <td>{k.expire === null ? t.never : k.expire < now ? t.expired : dateTime(k.expire)}</td>
            <td>
              <input
                type="checkbox"
                aria-label={`${t.enabled}: ${k.name}`}
                checked={k.enabled}
                onChange={(e) => onToggle(k, e.target.checked)}
              />
            </td>
            <td>
              <button type="button" className="btn btn-danger" onClick={() => onRevoke(k)}>
                {armed === k.token ? t.confirmRevoke : t.revoke}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

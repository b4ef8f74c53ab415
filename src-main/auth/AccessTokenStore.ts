/**
 * Access tokens a user creates (Thinger's `/v1/users/{u}/tokens` and device tokens under
 * `/v1/users/{u}/devices/{d}/tokens`): named, scoped by a permission, optionally expiring,
 * revocable. SQLite keeps each token's configuration, never the token string: the JWT is shown
 * once when created. A request's token is valid while its row exists, is enabled and has not
 * expired; every change is announced so open WebSockets can be closed at once.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { present } from '../contract/present';
import { Emitter } from '../util/Emitter';
import { StatementCache } from '../util/statementCache';
import { checkToken, signToken, type TokenClaims } from './jwt';
import type { Permission } from '../contract/serverSchemas';

export interface AccessToken {
  user: string;
  token: string;
  name: string;
  description: string;
  allow: Permission;
  deny?: Permission;
  enabled: boolean;
  /** Expiry, ms since epoch (Thinger's `expire`); null: never. */
  expire: number | null;
  /** Set on device tokens: the one device the token is for. */
  device: string | null;
  created: number;
  modified: number;
}

/** Who made a request: the console's own token, or an access token with its permission. */
export type Principal =
  | { kind: 'console' }
  | {
      kind: 'token';
      user: string;
      token: string;
      name: string;
      allow: Permission;
      deny?: Permission;
    };

export type Verdict =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'revoked' | 'disabled' };

export class TokenStoreError extends Error {
  constructor(
    readonly code: 'EXISTS' | 'NOT_FOUND' | 'INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'TokenStoreError';
  }
}

interface Row {
  user: string;
  token: string;
  name: string;
  description: string;
  allow: string;
  deny: string | null;
  enabled: number;
  expire: number | null;
  device: string | null;
  created_at: number;
  modified_at: number;
}

const toToken = (r: Row): AccessToken => ({
  user: r.user,
  token: r.token,
  name: r.name,
  description: r.description,
  allow: JSON.parse(r.allow) as Permission,
  ...(r.deny ? { deny: JSON.parse(r.deny) as Permission } : {}),
  enabled: r.enabled === 1,
  expire: r.expire,
  device: r.device,
  created: r.created_at,
  modified: r.modified_at,
});

/** Tokens per account: far more than any site needs, few enough to list at once. */
const MAX_TOKENS_PER_USER = 1000;
const TOKEN_ID = /^[A-Za-z0-9_-]{1,50}$/;

export interface NewToken {
  token?: string;
  name: string;
  description?: string;
  allow: Permission;
  deny?: Permission;
  enabled?: boolean;
  expire?: number | null;
  device?: string | null;
  /** Device tokens: the resources the mobile app may list (`res`). */
  resources?: string[];
}

export class AccessTokenStore {
  readonly changes = new Emitter<{ changed: { user: string; token: string } }>();
  /** The server's `host:port` for the `svr` claim (set once the API listens). */
  server: string | undefined;
  /** Each statement prepared once: every API request with an access token reads its row. */
  private readonly statements: StatementCache;

  constructor(
    db: Database,
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = new StatementCache(db);
  }

  list(user: string, device?: string): AccessToken[] {
    const rows = (
      device === undefined
        ? this.statements.sql('SELECT * FROM access_tokens WHERE user = ? ORDER BY token').all(user)
        : this.statements
            .sql('SELECT * FROM access_tokens WHERE user = ? AND device = ? ORDER BY token')
            .all(user, device)
    ) as Row[];
    return rows.map(toToken);
  }

  get(user: string, token: string): AccessToken | undefined {
    const r = this.statements
      .sql('SELECT * FROM access_tokens WHERE user = ? AND token = ?')
      .get(user, token) as Row | undefined;
    return r ? toToken(r) : undefined;
  }

  /** Creates a token; `access_token` is the JWT, returned now and never again. */
  create(user: string, t: NewToken): { config: AccessToken; access_token: string } {
    const id = t.token ?? randomBytes(9).toString('base64url');
    if (!TOKEN_ID.test(id))
      throw new TokenStoreError('INVALID', `token id "${id}" must be 1–50 letters, digits, _ or -`);
    const count = (
      this.statements.sql('SELECT COUNT(*) AS n FROM access_tokens WHERE user = ?').get(user) as {
        n: number;
      }
    ).n;
    if (count >= MAX_TOKENS_PER_USER)
      throw new TokenStoreError('INVALID', `${user} has ${MAX_TOKENS_PER_USER} tokens already`);
    const now = this.now();
    try {
      this.statements
        .sql(
          `INSERT INTO access_tokens (user, token, name, description, allow, deny, enabled, expire, device, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          user,
          id,
          t.name,
          t.description ?? '',
          JSON.stringify(t.allow),
          t.deny ? JSON.stringify(t.deny) : null,
          t.enabled === false ? 0 : 1,
          t.expire ?? null,
          t.device ?? null,
          now,
          now,
        );
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new TokenStoreError('EXISTS', `token "${id}" already exists`);
      throw e;
    }
    const claims: TokenClaims = { usr: user, jti: id, iat: Math.floor(now / 1000) };
    if (t.expire) claims.exp = Math.floor(t.expire / 1000);
    if (this.server) claims.svr = this.server;
    if (t.device) claims.dev = t.device;
    if (t.resources?.length) claims.res = t.resources;
    const config = present(this.get(user, id), `token "${id}" just created`);
    return { config, access_token: signToken(this.secret, claims) };
  }

  update(
    user: string,
    token: string,
    f: Partial<Pick<AccessToken, 'name' | 'description' | 'allow' | 'enabled' | 'expire'>> & {
      deny?: Permission | null;
    },
  ): AccessToken {
    const cur = this.get(user, token);
    if (!cur) throw new TokenStoreError('NOT_FOUND', `no token "${token}"`);
    this.statements
      .sql(
        `UPDATE access_tokens SET name = ?, description = ?, allow = ?, deny = ?, enabled = ?, expire = ?, modified_at = ?
         WHERE user = ? AND token = ?`,
      )
      .run(
        f.name ?? cur.name,
        f.description ?? cur.description,
        JSON.stringify(f.allow ?? cur.allow),
        f.deny === null ? null : (f.deny ?? cur.deny) ? JSON.stringify(f.deny ?? cur.deny) : null,
        (f.enabled ?? cur.enabled) ? 1 : 0,
        f.expire === undefined ? cur.expire : f.expire,
        this.now(),
        user,
        token,
      );
    this.changes.emit('changed', { user, token });
    return present(this.get(user, token), `token "${token}" just updated`);
  }

  /** Revokes: the token stops working now, open sockets using it are closed. */
  remove(user: string, token: string): boolean {
    const gone =
      this.statements.sql('DELETE FROM access_tokens WHERE user = ? AND token = ?').run(user, token)
        .changes > 0;
    if (gone) this.changes.emit('changed', { user, token });
    return gone;
  }

  /** The principal a JWT stands for, or why it stands for none. */
  verify(jwt: string): Verdict {
    const checked = checkToken(this.secret, jwt, this.now());
    if (!checked.ok) return checked;
    const { usr, jti } = checked.claims;
    const t = this.get(usr, jti);
    if (!t) return { ok: false, reason: 'revoked' };
    if (!t.enabled) return { ok: false, reason: 'disabled' };
    if (t.expire !== null && t.expire <= this.now()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      principal: {
        kind: 'token',
        user: usr,
        token: jti,
        name: t.name,
        allow: t.allow,
        ...(t.deny ? { deny: t.deny } : {}),
      },
    };
  }
}

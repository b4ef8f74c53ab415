/** Access tokens: list, create (the JWT once), read, update, revoke. */
import type { RestRoute } from '../routes';
import { notFound, on, pick, TOKENS } from './shared';

export const tokenRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: TOKENS,
    summary: 'Access tokens [{token, name, enabled, allow, expire, created, modified}]',
    call: 'tokens.list',
    operation: 'ListTokens',
    scope: on('Token', null, 'ListTokens'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { tokens: unknown[] }).tokens,
  },
  {
    method: 'POST',
    path: TOKENS,
    summary:
      'Create an access token {token, name, allow, deny, enabled, expire}: answers its configuration and access_token (the JWT, shown once)',
    call: 'tokens.create',
    operation: 'CreateToken',
    scope: on('Token', null, 'CreateToken'),
    thinger: true,
    input: (p, _q, b) => ({
      user: p.user,
      ...pick(b, ['token', 'name', 'description', 'allow', 'deny', 'enabled', 'expire']),
    }),
    output: (r) => {
      const { token, access_token } = r as { token: object; access_token: string };
      return { ...token, access_token };
    },
  },
  {
    method: 'GET',
    path: `${TOKENS}/{token}`,
    summary: "One token's configuration",
    call: 'tokens.list',
    operation: 'ReadTokenConfig',
    scope: on('Token', 'token', 'ReadTokenConfig'),
    input: (p) => ({ user: p.user }),
    run: async (call, p) => {
      const t = (
        (await call('tokens.list', { user: p.user })) as { tokens: { token: string }[] }
      ).tokens.find((x) => x.token === p.token);
      if (!t) throw notFound(`no token "${p.token}"`);
      return t;
    },
  },
  {
    method: 'PUT',
    path: `${TOKENS}/{token}`,
    summary: 'Change a token (name, allow, deny, enabled, expire); its open sockets are re-checked',
    call: 'tokens.update',
    operation: 'UpdateToken',
    scope: on('Token', 'token', 'UpdateToken'),
    input: (p, _q, b) => ({
      user: p.user,
      token: p.token,
      ...pick(b, ['name', 'description', 'allow', 'deny', 'enabled', 'expire']),
    }),
  },
  {
    method: 'DELETE',
    path: `${TOKENS}/{token}`,
    summary: 'Revoke a token: it stops working now, its open sockets are closed',
    call: 'tokens.remove',
    operation: 'DeleteToken',
    scope: on('Token', 'token', 'DeleteToken'),
    input: (p) => ({ user: p.user, token: p.token }),
    run: async (call, p) => {
      const r = (await call('tokens.remove', { user: p.user, token: p.token })) as {
        removed: boolean;
      };
      if (!r.removed) throw notFound(`no token "${p.token}"`);
      return r;
    },
  },
];

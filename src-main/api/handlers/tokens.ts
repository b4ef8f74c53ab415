/** tokens.*: access tokens a user creates (auth/AccessTokenStore), Thinger-shaped. */
import { ApiError, ApiErrorCode } from '../../contract';
import { TokenStoreError, type AccessTokenStore } from '../../auth/AccessTokenStore';
import type { CallHandlers } from '../ApiServer';

type TokenCalls = Pick<
  CallHandlers,
  'tokens.list' | 'tokens.create' | 'tokens.update' | 'tokens.remove'
>;

const typed = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof TokenStoreError)
      throw new ApiError(
        e.code === 'NOT_FOUND'
          ? ApiErrorCode.NOT_FOUND
          : e.code === 'EXISTS'
            ? ApiErrorCode.CONFLICT
            : ApiErrorCode.BAD_REQUEST,
        e.message,
      );
    throw e;
  }
};

export function createTokenHandlers(tokens: AccessTokenStore): TokenCalls {
  return {
    'tokens.list': ({ user, device }) => ({ tokens: tokens.list(user, device) }),
    'tokens.create': (r) =>
      typed(() => {
        if (r.expire != null && r.expire <= Date.now())
          throw new ApiError(ApiErrorCode.BAD_REQUEST, 'expire is in the past');
        const { config, access_token } = tokens.create(r.user, {
          ...(r.token !== undefined ? { token: r.token } : {}),
          name: r.name,
          ...(r.description !== undefined ? { description: r.description } : {}),
          allow: r.allow,
          ...(r.deny !== undefined ? { deny: r.deny } : {}),
          ...(r.enabled !== undefined ? { enabled: r.enabled } : {}),
          expire: r.expire ?? null,
          device: r.device ?? null,
          ...(r.resources !== undefined ? { resources: r.resources } : {}),
        });
        return { token: config, access_token };
      }),
    'tokens.update': ({ user, token, ...f }) =>
      typed(() =>
        tokens.update(user, token, {
          ...(f.name !== undefined ? { name: f.name } : {}),
          ...(f.description !== undefined ? { description: f.description } : {}),
          ...(f.allow !== undefined ? { allow: f.allow } : {}),
          ...(f.deny !== undefined ? { deny: f.deny } : {}),
          ...(f.enabled !== undefined ? { enabled: f.enabled } : {}),
          ...(f.expire !== undefined ? { expire: f.expire } : {}),
        }),
      ),
    'tokens.remove': ({ user, token }) => ({ removed: tokens.remove(user, token) }),
  };
}

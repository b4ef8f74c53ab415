/**
 * Who may do what through the HTTP API: the console's token may do everything; an access token
 * may do what its permission grants, for its own user only. A refusal is a 403 naming what is
 * missing, so a script's author knows which permission to add.
 */
import { ApiError, ApiErrorCode, type ApiError as ApiErrorType } from '../contract';
import { describeNeed, permits, type Need } from '../auth/permissions';
import type { Principal } from '../auth/AccessTokenStore';

export type Authorized =
  { principal: Principal; jwt: string | null } | { error: ApiErrorType; headers: object };

/** The whole contract (`/api/v1/call`, `/api/v1/ws`, status): admin tokens only. */
export const ADMIN_NEED: Need = { type: 'Studio', id: '*', action: 'ManageStudio' };

export function allowedTo(p: Principal, need: Need, user?: string): boolean {
  if (p.kind === 'console') return true;
  if (user !== undefined && user !== p.user) return false;
  return permits(p.allow, p.deny, need);
}

export function forbidden(need: Need, p?: Principal, user?: string): ApiError {
  if (p?.kind === 'token' && user !== undefined && user !== p.user)
    return new ApiError(
      ApiErrorCode.FORBIDDEN,
      `this access token is ${p.user}'s: it cannot reach ${user}'s assets`,
      { missing: { user } },
    );
  return new ApiError(
    ApiErrorCode.FORBIDDEN,
    `this access token lacks ${describeNeed(need)}: add it to the token's permission`,
    {
      missing: {
        type: need.type,
        id: need.id,
        action: need.action,
        ...(need.resource !== undefined ? { resource: need.resource } : {}),
      },
    },
  );
}

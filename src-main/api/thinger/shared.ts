/**
 * What the Thinger route tables share: Thinger's path prefixes, the body helpers (Thinger bodies
 * carry more than we keep) and the token scope of a route (`operation` is Thinger's operation id,
 * the action an access token must be granted on the asset).
 */
import { ApiError, ApiErrorCode } from '../../contract';
import type { Need } from '../../auth/permissions';
import { param } from '../routeParam';

export type P = Record<string, string>;
const USER = '/v1/users/{user}';
export const DEVICES = `${USER}/devices`;
export const DEVICE1 = `${DEVICES}/{device}`;
export const DEVICE3 = '/v3/users/{user}/devices/{device}';
export const BUCKETS = `${USER}/buckets`;
export const ENDPOINTS = `${USER}/endpoints`;
export const TOKENS = `${USER}/tokens`;
export const ALARMS = `${USER}/alarms`;

export const obj = (b: unknown): Record<string, unknown> =>
  b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
/** Only the fields present in `b` among `keys` (Thinger bodies carry more than we keep). */
export const pick = (b: unknown, keys: string[]): Record<string, unknown> => {
  const o = obj(b);
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
};
export const num = (v: string | null): number | undefined =>
  v === null || v === '' ? undefined : Number(v);

export const on =
  (type: string, key: string | null, action: string) =>
  (p: P): Need => ({ type, id: key ? param(p, key) : '*', action });

/** A device as Thinger lists it (`connection.active` is what its clients read as online). */
export const value = (r: unknown): unknown => (r as { value: unknown }).value;
export const notFound = (message: string): ApiError =>
  new ApiError(ApiErrorCode.NOT_FOUND, message);

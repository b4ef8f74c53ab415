/**
 * endpoints.*: HTTP endpoints in Thinger's shape, kept in the broker setting devices already
 * call them from (IOTMP.md §6.5 CALL_ENDPOINT), so one list serves devices, scripts and the UI.
 * Endpoints are the site's, not a user's: the `{user}` of Thinger's path is accepted and checked
 * by the token's permission only.
 */
import { ApiError, ApiErrorCode, type EndpointInfo } from '../../contract';
import type { Json } from '../../protocol';
import { callHttpEndpoint, thingerEndpoint, type EndpointConfig } from '../../serverres/httpEndpoint';
import type { BrokerServices } from '../../services/types';
import type { CallHandlers } from '../ApiServer';

type EndpointCalls = Pick<
  CallHandlers,
  | 'endpoints.list'
  | 'endpoints.get'
  | 'endpoints.create'
  | 'endpoints.update'
  | 'endpoints.remove'
  | 'endpoints.call'
>;

/** Endpoints kept at most: a list a person reads, and a bounded settings row. */
const MAX_ENDPOINTS = 500;

const toInfo = (endpoint: string, e: EndpointConfig): EndpointInfo => ({
  ...thingerEndpoint(endpoint, e),
  created: e.created ?? null,
  modified: e.modified ?? null,
});

/** `site` keeps secret header values apart and masks them in what is read back (D8). */
export function createEndpointHandlers(
  site: Pick<BrokerServices, 'endpoints' | 'revealEndpoint'>,
  doFetch?: typeof fetch,
): EndpointCalls {
  const all = (): Record<string, EndpointConfig> => site.endpoints;
  const save = (m: Record<string, EndpointConfig>): void => {
    site.endpoints = m;
  };
  const one = (endpoint: string): EndpointConfig => {
    const e = all()[endpoint];
    if (!e) throw new ApiError(ApiErrorCode.NOT_FOUND, `no endpoint "${endpoint}"`);
    return e;
  };
  return {
    'endpoints.list': () => ({
      endpoints: Object.entries(all())
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([n, e]) => toInfo(n, e)),
    }),
    'endpoints.get': ({ endpoint }) => toInfo(endpoint, one(endpoint)),
    'endpoints.create': ({ endpoint, name, description, enabled, config }) => {
      const m = all();
      if (m[endpoint]) throw new ApiError(ApiErrorCode.CONFLICT, `endpoint "${endpoint}" exists`);
      if (Object.keys(m).length >= MAX_ENDPOINTS)
        throw new ApiError(ApiErrorCode.BAD_REQUEST, `${MAX_ENDPOINTS} endpoints already`);
      const now = Date.now();
      m[endpoint] = {
        ...config,
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
        created: now,
        modified: now,
      };
      save(m);
      return toInfo(endpoint, one(endpoint));
    },
    'endpoints.update': ({ endpoint, name, description, enabled, config }) => {
      const m = all();
      const cur = one(endpoint);
      m[endpoint] = {
        ...cur,
        ...(config ?? {}),
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
        modified: Date.now(),
      };
      save(m);
      return toInfo(endpoint, one(endpoint));
    },
    'endpoints.remove': ({ endpoint }) => {
      const m = all();
      const removed = endpoint in m;
      delete m[endpoint];
      if (removed) save(m);
      return { removed };
    },
    'endpoints.call': async ({ endpoint, data }) => {
      const e = one(endpoint);
      if (e.enabled === false)
        throw new ApiError(ApiErrorCode.BAD_REQUEST, `endpoint "${endpoint}" is disabled`);
      try {
        return await callHttpEndpoint(
          endpoint,
          site.revealEndpoint(endpoint, e),
          (data ?? null) as Json,
          undefined,
          doFetch,
        );
      } catch (err) {
        throw new ApiError(
          ApiErrorCode.DEVICE_ERROR,
          `endpoint "${endpoint}" did not answer: ${(err as Error).message}`,
        );
      }
    },
  };
}

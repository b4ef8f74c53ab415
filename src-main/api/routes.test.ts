import { describe, expect, it } from 'vitest';
import { pickRoute, routerPath, THINGER_RESOURCE_PATH } from './routes';

describe('REST templates on the router', () => {
  const read = { path: THINGER_RESOURCE_PATH };
  const api = { path: `${THINGER_RESOURCE_PATH}/api` };
  // The /api route comes first in the table, as in restRoutes.
  const group = [api, read];
  const routed = { user: 'site', device: 'thermo', '*': 'ignored' };
  const at = (resource: string): string => `/v3/users/site/devices/thermo/resources/${resource}`;

  it('share one wildcard path: `{resource+}` and what follows it end the path', () => {
    expect(routerPath(read.path)).toBe('/v3/users/:user/devices/:device/resources/*');
    expect(routerPath(api.path)).toBe(routerPath(read.path));
  });

  it('tell the `/api` route from a resource by the raw segments', () => {
    expect(pickRoute(group, routed, at('relay/1/api'))).toEqual({
      route: api,
      params: { user: 'site', device: 'thermo', resource: 'relay/1' },
    });
    // An encoded slash is part of one name: "relay/api" is read, not described.
    expect(pickRoute(group, routed, at('relay%2Fapi'))).toEqual({
      route: read,
      params: { user: 'site', device: 'thermo', resource: 'relay/api' },
    });
  });

  it('never take an empty name', () => {
    expect(pickRoute(group, routed, at('api'))?.params.resource).toBe('api');
    expect(pickRoute(group, routed, at('a//b'))).toBeNull();
    expect(pickRoute([api], routed, at('/api'))).toBeNull();
  });
});

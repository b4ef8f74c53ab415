/**
 * Links into the inspector (UI.md §2 routes): `#/inspector?device=site/thermo` preselects a device;
 * other views' "Show frames" use `inspectorHref([key])`.
 */
import type { Route } from './router';

export function inspectorHref(devices: readonly string[] = []): string {
  const query = devices
    .map((d) => `device=${encodeURIComponent(d).replace(/%2F/gi, '/')}`)
    .join('&');
  return query ? `#/inspector?${query}` : '#/inspector';
}

/** The devices a route chooses (`?device=a&device=b` or `?device=a,b`); empty: all. */
export function routeDevices(route: Route): string[] {
  const keys = route.query
    .getAll('device')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.includes('/'));
  return [...new Set(keys)];
}

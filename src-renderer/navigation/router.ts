/**
 * Hash routes (UI.md §2), so the browser console and tests can deep-link and Back works:
 * `#/devices/<user>/<device>/charts`, `#/inspector?device=site/thermo`. The first path segment
 * names the view; the rest are its parameters, decoded.
 */
import { useMemo, useSyncExternalStore } from 'react';

export interface Route {
  view: string;
  /** Path segments after the view, URI-decoded. */
  params: string[];
  query: URLSearchParams;
}

export const DEFAULT_VIEW = 'devices';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return {
    view: segments[0] ?? DEFAULT_VIEW,
    params: segments.slice(1),
    query: new URLSearchParams(search),
  };
}

/** `href('devices', 'site', 'thermo')` → `#/devices/site/thermo`. */
export function href(view: string, ...params: string[]): string {
  return `#/${[view, ...params].map(encodeURIComponent).join('/')}`;
}

export function navigate(target: string): void {
  if (window.location.hash !== target) window.location.hash = target;
}

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return useMemo(() => parseHash(hash), [hash]);
}

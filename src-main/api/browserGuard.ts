/**
 * D4: what a web page open in the owner's browser can make the API do without them. The API has
 * no CORS, so a foreign page cannot read answers, but it can still send requests:
 * - through DNS rebinding (its own name re-pointed at 127.0.0.1): refused by the Host check,
 *   the API answers only to its addresses and this machine's names;
 * - as cross-site requests (`no-cors` fetches, forms, WebSocket upgrades, which browsers let
 *   through): refused when the browser says so (Origin of another site, Sec-Fetch-Site).
 * Such requests are refused before the token is looked at, so they never count as wrong tokens
 * and cannot lock the owner out.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';

/** Names the API answers to besides IP literals: localhost, this machine, and its own host. */
export function apiHostNames(listenHost: string): Set<string> {
  const names = new Set(['localhost']);
  const me = hostname().toLowerCase();
  if (me) names.add(me).add(`${me.split('.')[0]}.local`);
  if (!isIP(listenHost)) names.add(listenHost.toLowerCase());
  return names;
}

/** The host name of a Host header (`name:port`, `[v6]:port`), lower case; null if absent. */
function hostOf(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** A reason to refuse the request as a foreign page's, or null. */
export function foreignRequest(headers: IncomingHttpHeaders, names: Set<string>): string | null {
  const host = hostOf(headers.host);
  if (host !== null && !isIP(host) && !names.has(host.replace(/\.$/, '')))
    return `"${host}" is not a name of this API (a page re-pointing its own name here, DNS rebinding, is refused); use its address, e.g. 127.0.0.1`;
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site')
    return 'requests from other web sites are refused (the console calls the API from its own page)';
  const origin = headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let same: boolean;
    try {
      same = new URL(origin).host.toLowerCase() === (headers.host ?? '').trim().toLowerCase();
    } catch {
      same = false;
    }
    if (!same) return `requests from ${origin} are refused (only the console's own page may call)`;
  } else if (origin === 'null') {
    return 'requests from an opaque origin (sandboxed page, file:) are refused';
  }
  return null;
}

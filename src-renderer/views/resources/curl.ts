/**
 * "Copy as cURL" (UI.md §3.2): the exact REST call of headless mode's API (api/routes.ts):
 * `GET …/resources/{r}` reads an output, `POST` runs with the JSON body as input. The token is
 * written as `$IOTMP_TOKEN` unless the copy is "with token".
 */
import type { Value } from '@contract/schemas';
import { messages } from '../../messages';
import type { Fn } from '../../state/resources';

/** The API's address in the desktop app, where the page does not come from it. */
export const DESKTOP_API_ORIGIN = 'http://127.0.0.1:25280';

export interface CurlTarget {
  origin: string;
  user: string;
  device: string;
  resource: string;
  fn: Fn;
  /** The input a POST carries (fn 2, 4). */
  input?: Value | undefined;
  /** The real token, for "Copy with token"; else `$IOTMP_TOKEN`. */
  token?: string | null;
  /** Add the line saying how to turn the API on (desktop app). */
  note?: boolean;
}

/** `'it'\''s'`: a shell word in single quotes. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `/v3/users/{user}/devices/{device}/resources/{resource}`; a `/` in the name is `%2F`. */
export const resourcePath = (user: string, device: string, resource: string): string =>
  `/v3/users/${encodeURIComponent(user)}/devices/${encodeURIComponent(device)}/resources/${encodeURIComponent(resource)}`;

export function curlCommand(t: CurlTarget): string {
  const url = `${t.origin}${resourcePath(t.user, t.device, t.resource)}`;
  const auth = t.token
    ? shellQuote(`Authorization: Bearer ${t.token}`)
    : '"Authorization: Bearer $IOTMP_TOKEN"';
  const lines = [`curl -sS${t.fn === 3 ? '' : ' -X POST'} ${shellQuote(url)}`, `  -H ${auth}`];
  if ((t.fn === 2 || t.fn === 4) && t.input !== undefined) {
    lines.push(`  -H 'Content-Type: application/json'`);
    lines.push(`  -d ${shellQuote(JSON.stringify(t.input))}`);
  }
  const command = lines.join(' \\\n');
  return t.note ? `${messages.device.curl.apiNote}\n${command}` : command;
}

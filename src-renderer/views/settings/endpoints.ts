/**
 * Endpoint drafts (Settings → Endpoints) as typed, their errors as you type, and the conversion
 * to and from the contract's `endpoints` record (name → URL, method, headers).
 */
import { Endpoint, type Settings } from '@contract/schemas';
import { messages } from '../../messages';
import type { EndpointDraft, EndpointMethod } from '../../state/settings';

export const METHODS: readonly EndpointMethod[] = ['POST', 'PUT', 'GET'];

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface EndpointErrors {
  name: string | null;
  url: string | null;
  headers: string | null;
}

let nextId = 1;
export const newDraft = (): EndpointDraft => ({
  id: `endpoint-${Date.now()}-${nextId++}`,
  name: '',
  url: '',
  method: 'POST',
  headers: '',
  body: '',
});

function parseHeaders(text: string): {
  headers: Record<string, string>;
  badLine: number | null;
} {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) return { headers, badLine: i + 1 };
    headers[name] = line.slice(colon + 1).trim();
  }
  return { headers, badLine: null };
}

export function endpointErrors(drafts: readonly EndpointDraft[]): Map<string, EndpointErrors> {
  const t = messages.settings.endpoints;
  const out = new Map<string, EndpointErrors>();
  for (const [i, d] of drafts.entries()) {
    // The later of two rows with one name is the one to change.
    const twin = drafts.slice(0, i).some((o) => o.name === d.name);
    const badLine = parseHeaders(d.headers).badLine;
    const urlOk = /^https?:\/\//i.test(d.url) && Endpoint.shape.url.safeParse(d.url).success;
    out.set(d.id, {
      name:
        d.name === ''
          ? t.nameRequired
          : d.name.trim() !== d.name
            ? t.nameSpaces
            : twin
              ? t.nameTaken(d.name)
              : null,
      url: urlOk ? null : t.urlBad,
      headers: badLine === null ? null : t.headerBad(badLine),
    });
  }
  return out;
}

export const hasErrors = (errors: Map<string, EndpointErrors>): boolean =>
  [...errors.values()].some((e) => e.name || e.url || e.headers);

export function toEndpoints(drafts: readonly EndpointDraft[]): Settings['endpoints'] {
  const out: Settings['endpoints'] = {};
  for (const d of drafts) {
    const { headers } = parseHeaders(d.headers);
    out[d.name] = {
      ...d.rest,
      url: d.url,
      method: d.method,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(d.body ? { body: d.body } : {}),
    };
  }
  return out;
}

export function fromEndpoints(endpoints: Settings['endpoints']): EndpointDraft[] {
  return Object.entries(endpoints).map(([name, e]) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- shown fields and the stamp are rebuilt on save
    const { url, method, headers, body, modified, ...rest } = e;
    return {
      ...newDraft(),
      name,
      url,
      method: method ?? 'POST',
      headers: Object.entries(headers ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
      body: body ?? '',
      ...(Object.keys(rest).length ? { rest } : {}),
    };
  });
}

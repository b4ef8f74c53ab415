/**
 * One call of an HTTP endpoint (IOTMP.md §6.5 CALL_ENDPOINT, and Thinger's
 * `/v1/users/{u}/endpoints/{e}/call`): the body is the endpoint's template with `{{field}}`
 * replaced by the data's fields (`{{payload}}`: all of it), or, without a template,
 * `{device, endpoint, data}` as JSON. Bounded: a deadline, no redirects, the answer read up to
 * a limit.
 */
import type { Json } from '../protocol';

export interface EndpointConfig {
  url: string;
  method?: 'POST' | 'PUT' | 'GET';
  headers?: Record<string, string>;
  body?: string;
  name?: string;
  description?: string;
  enabled?: boolean;
  created?: number;
  modified?: number;
}

/**
 * An endpoint in Thinger's REST shape (`/v1/users/{u}/endpoints`): how the API lists it and how
 * a hand-over creates it on a Thinger-compatible server, so both send the same fields.
 */
export function thingerEndpoint(endpoint: string, e: EndpointConfig) {
  return {
    endpoint,
    name: e.name ?? endpoint,
    description: e.description ?? '',
    type: 'http_request' as const,
    enabled: e.enabled !== false,
    config: {
      url: e.url,
      ...(e.method ? { method: e.method } : {}),
      ...(e.headers ? { headers: e.headers } : {}),
      ...(e.body !== undefined ? { body: e.body } : {}),
    },
  };
}

/** Endpoint answer deadline: IOTMP-Arduino abandons a server call after 10 s (§6.5). */
const ENDPOINT_TIMEOUT_MS = 8000;
/** What of an answer is kept (a test call shows it; devices get only the status). */
const MAX_ENDPOINT_ANSWER_BYTES = 64 * 1024;

export interface EndpointAnswer {
  status: number;
  contentType: string | null;
  body: string;
  ms: number;
}

const text = (v: Json | undefined): string =>
  v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** `{{field}}` (also `{{a.b}}`) from `data`; unknown fields become empty. */
function renderTemplate(template: string, data: Json): string {
  return template.replace(/\{\{\s*([\w.$-]+)\s*\}\}/g, (_, path: string) => {
    if (path === 'payload') return text(data);
    let v: Json | undefined = data;
    for (const k of path.split('.'))
      v =
        v !== null && typeof v === 'object' && !Array.isArray(v)
          ? (v as Record<string, Json>)[k]
          : undefined;
    return text(v);
  });
}

export async function callHttpEndpoint(
  name: string,
  ep: EndpointConfig,
  data: Json,
  device: string | undefined,
  doFetch: typeof fetch = fetch,
): Promise<EndpointAnswer> {
  const method = ep.method ?? 'POST';
  const started = Date.now();
  const body =
    method === 'GET'
      ? undefined
      : ep.body !== undefined
        ? renderTemplate(ep.body, data)
        : JSON.stringify({ ...(device ? { device } : {}), endpoint: name, data });
  const res = await doFetch(ep.url, {
    method,
    headers: { 'content-type': 'application/json', ...ep.headers },
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(ENDPOINT_TIMEOUT_MS),
    redirect: 'error',
  });
  let answer = '';
  if (res.body) {
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size >= MAX_ENDPOINT_ANSWER_BYTES) {
        await reader.cancel();
        break;
      }
    }
    answer = Buffer.concat(chunks).subarray(0, MAX_ENDPOINT_ANSWER_BYTES).toString('utf8');
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: answer,
    ms: Date.now() - started,
  };
}

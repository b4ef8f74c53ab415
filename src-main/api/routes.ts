/**
 * The HTTP routes, as data: the contract's calls (`POST /api/v1/call/<name>`, one per call) and
 * the Thinger-compatible REST routes, each a thin mapping onto one contract call. The server
 * (http.ts) and the OpenAPI document (openapi.ts) are both derived from these tables.
 */
import { callNames, type CallName } from '../contract';

export type Method = 'GET' | 'POST';

export interface QueryParam {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean' | 'number';
}

export interface RestRoute {
  method: Method;
  /** `{name}` matches one path segment (URL-decoded, so `%2F` carries a slash). */
  path: string;
  summary: string;
  call: CallName;
  query?: QueryParam[];
  /** The JSON body is the resource input (a PSON value in the JSON conventions). */
  bodyIsInput?: boolean;
  input(params: Record<string, string>, query: URLSearchParams, body: unknown): unknown;
  /** What of the call's result the route answers with (default: all of it). */
  output?(result: unknown): unknown;
}

export const API_PREFIX = '/api/v1';
export const CALL_PREFIX = `${API_PREFIX}/call/`;
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
/** The contract over one WebSocket (contract/wire.ts). */
export const CONTRACT_WS_PATH = `${API_PREFIX}/ws`;

const flag = (v: string | null): boolean | undefined =>
  v === null ? undefined : v === '' || v === '1' || v === 'true';
const int = (v: string | null): number | undefined => (v === null ? undefined : Number(v));
const value = (r: unknown): unknown => (r as { value: unknown }).value;

const DEVICE = '/v3/users/{user}/devices/{device}';
/** Thinger's resource path; with `Upgrade: websocket` and `?interval=` it streams (ws.ts). */
export const THINGER_RESOURCE_PATH = `${DEVICE}/resources/{resource}`;

export const restRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/v3/users/{user}/devices',
    summary: "The user's devices with presence and counters",
    call: 'devices.list',
    input: ({ user }) => ({ user }),
    output: (r) => (r as { devices: unknown }).devices,
  },
  {
    method: 'GET',
    path: DEVICE,
    summary: 'One device with its status (online, transport, counters, round trip)',
    call: 'devices.get',
    input: ({ user, device }) => ({ user, device }),
  },
  {
    method: 'GET',
    path: `${DEVICE}/resources`,
    summary: "The device's resources (describe), cached unless ?refresh=true",
    call: 'resources.describe',
    query: [{ name: 'refresh', type: 'boolean', description: 'ask the device again' }],
    input: ({ user, device }, q) => ({ user, device, refresh: flag(q.get('refresh')) }),
    output: value,
  },
  {
    method: 'GET',
    path: THINGER_RESOURCE_PATH,
    summary:
      "Read a resource's output. With Upgrade: websocket, streams it every ?interval= seconds (0 or none: every sample the device pushes)",
    call: 'resources.read',
    query: [
      {
        name: 'interval',
        type: 'number',
        description: 'WebSocket only: seconds between samples (Thinger API; IOTMP.md §8.6 step 9)',
      },
    ],
    input: ({ user, device, resource }) => ({ user, device, resource }),
    output: value,
  },
  {
    method: 'POST',
    path: THINGER_RESOURCE_PATH,
    summary: 'Run a resource; the JSON body is its input; answers with its output',
    call: 'resources.run',
    bodyIsInput: true,
    input: ({ user, device, resource }, _q, body) => ({
      user,
      device,
      resource,
      ...(body === undefined ? {} : { input: body }),
    }),
    output: value,
  },
  {
    method: 'GET',
    path: `${THINGER_RESOURCE_PATH}/api`,
    summary: "One resource's description (its input and output), cached unless ?refresh=true",
    call: 'resources.describe',
    query: [{ name: 'refresh', type: 'boolean', description: 'ask the device again' }],
    input: ({ user, device, resource }, q) => ({
      user,
      device,
      resource,
      refresh: flag(q.get('refresh')),
    }),
    output: value,
  },
  {
    method: 'GET',
    path: `${DEVICE}/inspector`,
    summary: 'Frames the protocol inspector kept for the device, those after ?after=<seq> only',
    call: 'inspector.frames',
    query: [{ name: 'after', type: 'integer', description: 'sequence number already seen' }],
    input: ({ user, device }, q) => ({ user, device, afterSeq: int(q.get('after')) }),
    output: (r) => (r as { frames: unknown }).frames,
  },
  {
    method: 'GET',
    path: `${API_PREFIX}/status`,
    summary: "The broker's listeners, failures, TLS fingerprint and counts",
    call: 'broker.status',
    input: () => ({}),
  },
];

/** One route per contract call: `POST /api/v1/call/<name>` with the request as the JSON body. */
export const callRoutes: { method: 'POST'; path: string; call: CallName }[] = callNames.map(
  (call) => ({ method: 'POST', path: `${CALL_PREFIX}${call}`, call }),
);

/** Matches `path` against a template; null when it does not fit. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const name = /^\{(\w+)\}$/.exec(t[i]!)?.[1];
    if (name) {
      if (p[i] === '') return null;
      try {
        params[name] = decodeURIComponent(p[i]!);
      } catch {
        return null;
      }
    } else if (t[i] !== p[i]) return null;
  }
  return params;
}

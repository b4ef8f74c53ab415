/**
 * The HTTP routes, as data: the contract's calls (`POST /api/v1/call/<name>`, one per call) and
 * the Thinger-compatible REST routes, each a thin mapping onto one contract call. The server
 * (http.ts) and the OpenAPI document (openapi.ts) are both derived from these tables.
 */
import { callNames, type CallName } from '../contract';
import type { Need } from '../auth/permissions';
import { thingerRoutes } from './thinger';
import { param } from './routeParam';
export { RawBody } from './rawBody';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface QueryParam {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean' | 'number';
}

export interface RestRoute {
  method: Method;
  /**
   * `{name}` matches one path segment (URL-decoded, so `%2F` carries a slash); `{name+}`, last
   * only, matches the rest of the path, slashes included (`$ota/options`).
   */
  path: string;
  summary: string;
  call: CallName;
  /**
   * Thinger's operation id (`ListDevices`, `AccessDeviceResources`, …): the action an access
   * token's permission must grant, on the asset `scope` names.
   */
  operation?: string;
  /** What an access token needs for this route (none: only the console and admin tokens). */
  scope?(params: Record<string, string>): Need;
  /**
   * Thinger's status codes: an offline device or an unknown resource is 404 (what Thinger's
   * mobile app and VS Code extension read as "not connected"), an existing asset 400.
   */
  thinger?: boolean;
  query?: QueryParam[];
  /** The JSON body is the resource input (a PSON value in the JSON conventions). */
  bodyIsInput?: boolean;
  input(params: Record<string, string>, query: URLSearchParams, body: unknown): unknown;
  /** What of the call's result the route answers with (default: all of it). */
  output?(result: unknown, query: URLSearchParams): unknown;
  /**
   * Routes that take more than one call (update a device and reset its credential): run them
   * through `call`, which validates each against the contract like any other.
   */
  run?(
    call: (name: CallName, input: unknown) => Promise<unknown>,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): Promise<unknown>;
}

const API_PREFIX = '/api/v1';
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
export const THINGER_RESOURCE_PATH = `${DEVICE}/resources/{resource+}`;
/** The device's resources socket: `{"resource", "interval", "enabled"}` messages choose streams. */
export const THINGER_RESOURCES_SOCKET_PATH = `${DEVICE}/resources`;

const onDevice =
  (action: string) =>
  (p: Record<string, string>): Need => ({ type: 'Device', id: param(p, 'device'), action });
const onResource = (p: Record<string, string>): Need => ({
  type: 'Device',
  id: param(p, 'device'),
  action: 'AccessDeviceResources',
  ...(p.resource !== undefined ? { resource: p.resource } : {}),
});

const coreRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/v3/users/{user}/devices',
    summary: "The user's devices with presence and counters",
    call: 'devices.list',
    operation: 'ListDevices',
    scope: () => ({ type: 'Device', id: '*', action: 'ListDevices' }),
    input: ({ user }) => ({ user }),
    output: (r) => (r as { devices: unknown }).devices,
  },
  {
    method: 'GET',
    path: DEVICE,
    summary: 'One device with its status (online, transport, counters, round trip)',
    call: 'devices.get',
    operation: 'ReadDeviceStatus',
    scope: onDevice('ReadDeviceStatus'),
    input: ({ user, device }) => ({ user, device }),
  },
  {
    method: 'GET',
    path: `${DEVICE}/resources`,
    summary: "The device's resources (describe), cached unless ?refresh=true",
    call: 'resources.describe',
    operation: 'ListDeviceResources',
    scope: onDevice('ListDeviceResources'),
    thinger: true,
    query: [{ name: 'refresh', type: 'boolean', description: 'ask the device again' }],
    input: ({ user, device }, q) => ({ user, device, refresh: flag(q.get('refresh')) }),
    output: value,
  },
  {
    method: 'GET',
    path: `${THINGER_RESOURCE_PATH}/api`,
    summary: "One resource's description (its input and output), cached unless ?refresh=true",
    call: 'resources.describe',
    operation: 'ListDeviceResources',
    scope: onResource,
    thinger: true,
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
    path: THINGER_RESOURCE_PATH,
    summary:
      "Read a resource's output. With Upgrade: websocket, streams it every ?interval= seconds (0 or none: every sample the device pushes)",
    call: 'resources.read',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
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
    summary:
      'Run a resource; the JSON body is its input (application/octet-stream: the bytes, as PSON bytes); answers with its output',
    call: 'resources.run',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
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
    path: `${DEVICE}/inspector`,
    summary: 'Frames the protocol inspector kept for the device, those after ?after=<seq> only',
    call: 'inspector.frames',
    scope: onDevice('ReadDeviceInspector'),
    query: [{ name: 'after', type: 'integer', description: 'sequence number already seen' }],
    input: ({ user, device }, q) => ({ user, device, afterSeq: int(q.get('after')) }),
    output: (r) => (r as { frames: unknown }).frames,
  },
];

/** Every REST route, most specific first (the first that matches answers). */
export const restRoutes: RestRoute[] = [
  ...coreRoutes.filter((r) => !r.path.endsWith('{resource+}')),
  ...thingerRoutes,
  ...coreRoutes.filter((r) => r.path.endsWith('{resource+}')),
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

/**
 * The router's form of a template: `{name}` → `:name`, and `{name+}` with what follows → `*`
 * (a wildcard ends a path in find-my-way; `pickRoute` tells apart the templates that share one).
 */
export const routerPath = (template: string): string =>
  template.replace(/\{\w+\+\}.*$/, '*').replace(/\{(\w+)\}/g, ':$1');

/**
 * Of the templates sharing one router path (in table order), the first that fits `pathname`:
 * `{name+}` takes the path's segments between the template's fixed ones before and after it
 * (`{resource+}/api`), never an empty one, each URL-decoded (so `%2F` carries a slash and
 * `relay%2Fapi` is one name, not a `/api` route). Null when none fits.
 */
export function pickRoute<R extends { path: string }>(
  group: R[],
  routed: Record<string, string>,
  pathname: string,
): { route: R; params: Record<string, string> } | null {
  const { '*': wildcard, ...params } = routed;
  const p = pathname.split('/');
  for (const route of group) {
    const { at, name, tail } = templateShape(route.path);
    if (at < 0 || wildcard === undefined) return { route, params };
    const middle = p.slice(at, p.length - tail.length);
    if (middle.length === 0 || middle.includes('')) continue;
    if (tail.some((x, i) => p[p.length - tail.length + i] !== x)) continue;
    try {
      return { route, params: { ...params, [name]: middle.map(decodeURIComponent).join('/') } };
    } catch {
      return null;
    }
  }
  return null;
}

/** Where a template's `{name+}` segment is, its name and the fixed segments after it (at -1: none). */
interface TemplateShape {
  at: number;
  name: string;
  tail: string[];
}
// Templates are the route table's, a fixed few: each is parsed once, not on every request.
const shapes = new Map<string, TemplateShape>();
function templateShape(template: string): TemplateShape {
  let shape = shapes.get(template);
  if (!shape) {
    const t = template.split('/');
    const at = t.findIndex((x) => /^\{\w+\+\}$/.test(x));
    shape = { at, name: at < 0 ? '' : (t[at] ?? '').slice(1, -2), tail: t.slice(at + 1) };
    shapes.set(template, shape);
  }
  return shape;
}

/** The OpenAPI form of a template (`{resource+}` → `{resource}`). */
export const openApiPath = (template: string): string => template.replace(/\{(\w+)\+\}/g, '{$1}');

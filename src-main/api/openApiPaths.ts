/**
 * The `paths` of the OpenAPI document: one operation per contract call route and per REST route
 * (routes.ts), plus the document itself and the WebSockets (contract, Thinger's events and
 * resources sockets).
 */
import { calls, topicNames, type CallName } from '../contract';
import {
  callRoutes,
  CONTRACT_WS_PATH,
  OPENAPI_PATH,
  openApiPath,
  restRoutes,
  type RestRoute,
} from './routes';
import { errorResponses, json, pathParams, ref, type Json } from './openApiParts';

type Paths = Record<string, Record<string, Json>>;

/** The response schema of a REST route: the part of the call's result it answers with. */
function restResponse(call: CallName): Json {
  if (call === 'devices.list') return { type: 'array', items: ref('devices.get.response') };
  if (call === 'inspector.frames') return { type: 'array', items: ref('inspector.follow.payload') };
  if (call.startsWith('resources.')) return ref('Value');
  return ref(`${call}.response`);
}

/** A REST route's request body: the resource input, none (GET/DELETE), or any JSON. */
function restBody(r: RestRoute): Json {
  if (r.bodyIsInput)
    return {
      requestBody: {
        required: false,
        description:
          'the resource input (JSON; application/octet-stream: the bytes, delivered as PSON bytes)',
        content: {
          ...json(ref('Value')),
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
    };
  if (r.method === 'GET' || r.method === 'DELETE') return {};
  return { requestBody: { required: false, content: json({}) } };
}

function restOperation(r: RestRoute, path: string): Json {
  const need = r.scope?.(Object.fromEntries(pathParams(path).map((p) => [p.name, `{${p.name}}`])));
  return {
    operationId: `rest.${r.method.toLowerCase()}.${path.replace(/[^a-z]+/gi, '.')}`,
    summary: r.summary,
    tags: [r.path.startsWith('/api/') ? 'rest' : 'thinger'],
    'x-contract-call': r.call,
    // The action (Thinger's operation id) an access token needs, on which asset.
    ...(need ? { 'x-token-permission': need } : { 'x-token-permission': 'admin' }),
    parameters: [
      ...pathParams(path),
      ...(r.query ?? []).map((q) => ({
        name: q.name,
        in: 'query',
        required: false,
        description: q.description,
        schema: { type: q.type },
      })),
    ],
    ...restBody(r),
    responses: {
      '200': {
        description: 'the answer',
        content: json(r.output || r.run ? {} : restResponse(r.call)),
      },
      ...errorResponses(),
      ...(r.scope
        ? {
            '403': {
              description: 'FORBIDDEN: the access token lacks this permission (detail.missing)',
              content: json(ref('Error')),
            },
          }
        : {}),
    },
  };
}

/** The document itself and the WebSockets, which no route table lists. */
function metaOperations(at: (path: string) => Record<string, Json>): void {
  at(OPENAPI_PATH).get = {
    operationId: 'openapi',
    summary: 'This document',
    tags: ['meta'],
    responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
  };
  at(CONTRACT_WS_PATH).get = {
    operationId: 'contract.ws',
    summary:
      'WebSocket (Upgrade) carrying the contract: {id, call, input} → {id, result}|{id, error}; {id, subscribe, params} → {id, subscribed}, {id, event}…; {id, unsubscribe: true}; {id, cancel: true}. Topics: ' +
      topicNames.join(', '),
    tags: ['meta'],
    responses: { '101': { description: 'switching to WebSocket' }, ...errorResponses() },
  };
  for (const v of ['v1', 'v2'])
    at(`/${v}/users/{user}/events`).get = {
      operationId: `thinger.events.${v}`,
      summary:
        'WebSocket (Upgrade) of the user\'s events: send a subscription ({"event": "device_state_change", "device": "d", "state": "disconnected"}; values exact or regular expressions), receive matching events: device_state_change, device_property_update/delete, bucket_data_write, alarm_instance_activate/update/normalize/delete',
      tags: ['thinger'],
      'x-token-permission': { type: 'User', id: '{user}', action: 'SubscribeUserEvents' },
      parameters: pathParams('/users/{user}'),
      responses: {
        '101': {
          description: 'switching to WebSocket',
          content: json(ref('users.events.payload')),
        },
        ...errorResponses(),
      },
    };
  const resources = at('/v3/users/{user}/devices/{device}/resources').get as Record<string, string>;
  resources.description =
    'With Upgrade: websocket, the device\'s resources socket: send {"resource", "interval" (seconds), "enabled"} to start, change or stop a stream; receive {"resource", "payload", "ts"} per sample.';
}

export function openApiPaths(): Paths {
  const paths: Paths = {};
  const at = (path: string): Record<string, Json> => (paths[path] ??= {});
  for (const r of callRoutes) {
    at(r.path)[r.method.toLowerCase()] = {
      operationId: r.call,
      summary: calls[r.call].summary,
      tags: [r.call.split('.')[0]],
      'x-timeout-ms': calls[r.call].timeoutMs,
      requestBody: { required: false, content: json(ref(`${r.call}.request`)) },
      responses: {
        '200': { description: 'the result', content: json(ref(`${r.call}.response`)) },
        ...errorResponses(),
      },
    };
  }
  for (const r of restRoutes) {
    const path = openApiPath(r.path);
    at(path)[r.method.toLowerCase()] = restOperation(r, path);
  }
  metaOperations(at);
  return paths;
}

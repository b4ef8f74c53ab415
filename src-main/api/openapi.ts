/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the contract's zod schemas and the
 * route tables (routes.ts): no hand-written copy to drift from the code.
 */
import { z } from 'zod';
import {
  ApiErrorBody,
  calls,
  callNames,
  events,
  topicNames,
  Value,
  type CallName,
} from '../contract';
import { callRoutes, CONTRACT_WS_PATH, OPENAPI_PATH, openApiPath, restRoutes } from './routes';

type Json = ReturnType<typeof JSON.parse>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, Json> {
  const strip = (schemas: Record<string, Json>): Record<string, Json> =>
    Object.fromEntries(
      Object.entries(schemas).map(([id, s]) => {
        const rest = { ...(s as Record<string, unknown>) };
        delete rest.$schema;
        delete rest.$id;
        return [id, rest];
      }),
    );
  const build = (io: 'input' | 'output', add: (r: z.core.$ZodRegistry<{ id: string }>) => void) => {
    const reg = z.registry<{ id: string }>();
    reg.add(Value, { id: 'Value' });
    add(reg);
    return strip(
      z.toJSONSchema(reg, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' })
        .schemas,
    );
  };
  return {
    ...build('input', (reg) => {
      for (const n of callNames) reg.add(calls[n].request, { id: `${n}.request` });
      for (const t of topicNames) reg.add(events[t].params, { id: `${t}.params` });
    }),
    ...build('output', (reg) => {
      for (const n of callNames) reg.add(calls[n].response, { id: `${n}.response` });
      for (const t of topicNames) reg.add(events[t].payload, { id: `${t}.payload` });
      reg.add(z.object({ error: ApiErrorBody }), { id: 'Error' });
    }),
  };
}

const errorResponses = (): Json => ({
  '400': { description: 'BAD_REQUEST: the input failed validation', content: json(ref('Error')) },
  '401': { description: 'UNAUTHORIZED: missing or wrong token', content: json(ref('Error')) },
  '404': { description: 'NOT_FOUND: no such device, call or route', content: json(ref('Error')) },
  '413': { description: 'PAYLOAD_TOO_LARGE: body over 4 MiB', content: json(ref('Error')) },
  '429': {
    description: 'RATE_LIMITED: too many wrong tokens from this address',
    content: json(ref('Error')),
  },
  default: {
    description: 'Another typed error (DEVICE_OFFLINE 503, DEVICE_ERROR 502, TIMEOUT 504, …)',
    content: json(ref('Error')),
  },
});

function json(schema: Json): Json {
  return { 'application/json': { schema } };
}

function pathParams(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

/** The response schema of a REST route: the part of the call's result it answers with. */
function restResponse(call: CallName): Json {
  if (call === 'devices.list') return { type: 'array', items: ref('devices.get.response') };
  if (call === 'inspector.frames') return { type: 'array', items: ref('inspector.follow.payload') };
  if (call.startsWith('resources.')) return ref('Value');
  return ref(`${call}.response`);
}

export function buildOpenApi(serverUrl?: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
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
    const need = r.scope?.(
      Object.fromEntries(pathParams(path).map((p) => [p.name, `{${p.name}}`])),
    );
    at(path)[r.method.toLowerCase()] = {
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
      ...(r.bodyIsInput
        ? {
            requestBody: {
              required: false,
              description:
                'the resource input (JSON; application/octet-stream: the bytes, delivered as PSON bytes)',
              content: {
                ...json(ref('Value')),
                'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
              },
            },
          }
        : r.method === 'GET' || r.method === 'DELETE'
          ? {}
          : { requestBody: { required: false, content: json({}) } }),
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

  return {
    openapi: '3.1.0',
    info: {
      title: 'IoTMP Studio API',
      version: '1',
      description:
        'The management API of IoTMP Studio in headless mode, with Thinger.io\'s REST routes (v1/v2/v3) and WebSockets (resources, events). Every route needs a token: the console\'s, or an access token (a JWT a user creates, scoped by a Thinger permission; `x-token-permission` names what each route needs): `Authorization: Bearer <token>`, `?authorization=<token>` or `?token=<token>`. Values a device sends or receives are JSON with `{"$bigint"}`, `{"$bytes": hex}`, `{"$double"}` for what JSON cannot carry. Errors are `{"error": {"code", "message"}}`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }, { token: [] }, { authorization: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        token: { type: 'apiKey', in: 'query', name: 'token' },
        authorization: { type: 'apiKey', in: 'query', name: 'authorization' },
      },
      schemas: componentSchemas(),
    },
    paths,
  };
}

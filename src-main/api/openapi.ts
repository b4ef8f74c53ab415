/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the contract's zod schemas and the
 * route tables (routes.ts): no hand-written copy to drift from the code.
 */
import { z } from 'zod';
import { ApiErrorBody, calls, callNames, events, topicNames, Value } from '../contract';
import { openApiPaths } from './openApiPaths';

type Json = ReturnType<typeof JSON.parse>;

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

export function buildOpenApi(serverUrl?: string): Json {
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
    paths: openApiPaths(),
  };
}

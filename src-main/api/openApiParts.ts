/** Pieces the OpenAPI paths are built from: schema references, JSON content, error answers. */

export type Json = ReturnType<typeof JSON.parse>;

export const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });

export const errorResponses = (): Json => ({
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

export function json(schema: Json): Json {
  return { 'application/json': { schema } };
}

export function pathParams(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

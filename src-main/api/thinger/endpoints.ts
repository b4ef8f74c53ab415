/** HTTP endpoints: CRUD and `/call` (the endpoint's own answer). */
import { RawBody } from '../rawBody';
import type { RestRoute } from '../routes';
import { ENDPOINTS, on, pick } from './shared';

export const endpointRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: ENDPOINTS,
    summary: 'Endpoints [{endpoint, name, description, type, enabled, config}]',
    call: 'endpoints.list',
    operation: 'ListEndpoints',
    scope: on('Endpoint', null, 'ListEndpoints'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { endpoints: unknown[] }).endpoints,
  },
  {
    method: 'POST',
    path: ENDPOINTS,
    summary:
      'Create an HTTP endpoint {endpoint, name, type: http_request, config: {url, method, headers, body}}',
    call: 'endpoints.create',
    operation: 'CreateEndpoint',
    scope: on('Endpoint', null, 'CreateEndpoint'),
    thinger: true,
    input: (p, _q, b) => ({
      user: p.user,
      ...pick(b, ['endpoint', 'name', 'description', 'type', 'enabled', 'config']),
    }),
  },
  {
    method: 'GET',
    path: `${ENDPOINTS}/{endpoint}`,
    summary: 'One endpoint',
    call: 'endpoints.get',
    operation: 'ReadEndpointConfig',
    scope: on('Endpoint', 'endpoint', 'ReadEndpointConfig'),
    input: (p) => ({ user: p.user, endpoint: p.endpoint }),
  },
  {
    method: 'PUT',
    path: `${ENDPOINTS}/{endpoint}`,
    summary: 'Change an endpoint',
    call: 'endpoints.update',
    operation: 'UpdateEndpoint',
    scope: on('Endpoint', 'endpoint', 'UpdateEndpoint'),
    input: (p, _q, b) => ({
      user: p.user,
      endpoint: p.endpoint,
      ...pick(b, ['name', 'description', 'type', 'enabled', 'config']),
    }),
  },
  {
    method: 'DELETE',
    path: `${ENDPOINTS}/{endpoint}`,
    summary: 'Delete an endpoint',
    call: 'endpoints.remove',
    operation: 'DeleteEndpoint',
    scope: on('Endpoint', 'endpoint', 'DeleteEndpoint'),
    input: (p) => ({ user: p.user, endpoint: p.endpoint }),
  },
  {
    method: 'POST',
    path: `${ENDPOINTS}/{endpoint}/call`,
    summary: "Call an endpoint with the body as its data; answers with the endpoint's own answer",
    call: 'endpoints.call',
    operation: 'CallEndpoint',
    scope: on('Endpoint', 'endpoint', 'CallEndpoint'),
    input: (p, _q, b) => ({
      user: p.user,
      endpoint: p.endpoint,
      ...(b === undefined ? {} : { data: b }),
    }),
    output: (r) => {
      const a = r as { contentType: string | null; body: string };
      return new RawBody(a.contentType ?? 'text/plain; charset=utf-8', a.body);
    },
  },
];

/** Device resources as Thinger clients call them: v2 `{in}`/`{out}` envelopes and `api` describe, v1/v3 bare bodies. */
import type { Need } from '../../auth/permissions';
import type { Value } from '../../contract';
import type { RestRoute } from '../routes';
import { DEVICE1, obj, on, value, type P } from './shared';
import { param } from '../routeParam';

/** v2's `{"in": …}` body (Thinger's mobile app); a bare body is the input too (its docs' curl). */
const v2Input = (body: unknown): unknown => {
  const o = obj(body);
  return Object.keys(o).length === 1 && 'in' in o ? o.in : body;
};
const v2Output = (r: unknown): unknown => {
  const v = (r as { value: Value }).value;
  return v === null ? {} : { out: v };
};
const resourceInput = (p: P, body: unknown): Record<string, unknown> => ({
  user: p.user,
  device: p.device,
  resource: p.resource,
  ...(body === undefined ? {} : { input: body }),
});
const onResource = (p: P): Need => ({
  type: 'Device',
  id: param(p, 'device'),
  action: 'AccessDeviceResources',
  resource: param(p, 'resource'),
});

export const resourceRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/v2/users/{user}/devices/{device}/api',
    summary: "The device's resources (describe)",
    call: 'resources.describe',
    operation: 'ListDeviceResources',
    scope: on('Device', 'device', 'ListDeviceResources'),
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device }),
    output: value,
  },
  {
    method: 'GET',
    path: '/v2/users/{user}/devices/{device}/{resource+}/api',
    summary: "One resource's description",
    call: 'resources.describe',
    operation: 'ListDeviceResources',
    scope: onResource,
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device, resource: p.resource }),
    output: value,
  },
  {
    method: 'GET',
    path: '/v2/users/{user}/devices/{device}/{resource+}',
    summary: 'Read a resource: {"out": value}',
    call: 'resources.read',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device, resource: p.resource }),
    output: v2Output,
  },
  {
    method: 'POST',
    path: '/v2/users/{user}/devices/{device}/{resource+}',
    summary: 'Run a resource with {"in": value} (or a bare body): {"out": value}',
    call: 'resources.run',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    bodyIsInput: true,
    input: (p, _q, b) => resourceInput(p, b === undefined ? undefined : v2Input(b)),
    output: v2Output,
  },
  {
    method: 'GET',
    path: `${DEVICE1}/{resource+}`,
    summary: 'Run a resource without input; answers with its output',
    call: 'resources.read',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    input: (p) => ({ user: p.user, device: p.device, resource: p.resource }),
    output: value,
  },
  {
    method: 'POST',
    path: `${DEVICE1}/{resource+}`,
    summary: 'Run a resource; the JSON body is its input',
    call: 'resources.run',
    operation: 'AccessDeviceResources',
    scope: onResource,
    thinger: true,
    bodyIsInput: true,
    input: (p, _q, b) => resourceInput(p, b),
    output: value,
  },
];

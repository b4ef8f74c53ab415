/** A device's properties (v3): list, create (one or many), read, replace, merge-patch, delete. */
import type { Value } from '../../contract';
import type { RestRoute } from '../routes';
import { DEVICE3, obj, on, pick, type P } from './shared';

/** PUT and PATCH: the property named in the path, the body's `value`. */
const setInput = (p: P, _q: URLSearchParams, b: unknown): Record<string, unknown> => ({
  user: p.user,
  device: p.device,
  property: p.property,
  ...pick(b, ['value']),
});

export const propertyRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: `${DEVICE3}/properties`,
    summary: "A device's properties [{property, value, modified}]",
    call: 'properties.list',
    operation: 'ListDeviceProperties',
    scope: on('Device', 'device', 'ListDeviceProperties'),
    input: (p) => ({ user: p.user, device: p.device }),
    output: (r) => (r as { properties: unknown[] }).properties,
  },
  {
    method: 'POST',
    path: `${DEVICE3}/properties`,
    summary: 'Create properties: {property, value} or an array of them',
    call: 'properties.set',
    operation: 'CreateDeviceProperty',
    scope: on('Device', 'device', 'CreateDeviceProperty'),
    input: (p, _q, b) => ({ user: p.user, device: p.device, ...pick(b, ['property', 'value']) }),
    run: async (call, p, _q, b) => {
      const list = Array.isArray(b) ? b : [b];
      const out: unknown[] = [];
      for (const item of list)
        out.push(
          await call('properties.set', {
            user: p.user,
            device: p.device,
            ...pick(item, ['property', 'value']),
          }),
        );
      return Array.isArray(b) ? out : out[0];
    },
  },
  {
    method: 'DELETE',
    path: `${DEVICE3}/properties`,
    summary: "Delete all of a device's properties",
    call: 'properties.remove',
    operation: 'DeleteDeviceProperties',
    scope: on('Device', 'device', 'DeleteDeviceProperties'),
    input: (p) => ({ user: p.user, device: p.device }),
  },
  {
    method: 'GET',
    path: `${DEVICE3}/properties/{property}`,
    summary: 'One property {property, value, modified}',
    call: 'properties.get',
    operation: 'ReadDeviceProperty',
    scope: on('Device', 'device', 'ReadDeviceProperty'),
    input: (p) => ({ user: p.user, device: p.device, property: p.property }),
  },
  {
    method: 'PUT',
    path: `${DEVICE3}/properties/{property}`,
    summary: 'Replace a property: {value}',
    call: 'properties.set',
    operation: 'UpdateDeviceProperty',
    scope: on('Device', 'device', 'UpdateDeviceProperty'),
    input: setInput,
  },
  {
    method: 'PATCH',
    path: `${DEVICE3}/properties/{property}`,
    summary: "Merge into a property's value (JSON merge patch of {value})",
    call: 'properties.set',
    operation: 'UpdateDeviceProperty',
    scope: on('Device', 'device', 'UpdateDeviceProperty'),
    input: setInput,
    run: async (call, p, _q, b) => {
      const cur = (await call('properties.get', {
        user: p.user,
        device: p.device,
        property: p.property,
      })) as {
        value: Value;
      };
      return call('properties.set', {
        user: p.user,
        device: p.device,
        property: p.property,
        value: mergePatch(cur.value, obj(b).value as Value),
      });
    },
  },
  {
    method: 'DELETE',
    path: `${DEVICE3}/properties/{property}`,
    summary: 'Delete a property',
    call: 'properties.remove',
    operation: 'DeleteDeviceProperty',
    scope: on('Device', 'device', 'DeleteDeviceProperty'),
    input: (p) => ({ user: p.user, device: p.device, property: p.property }),
  },
];

/** RFC 7386: objects merge key by key, null deletes, anything else replaces. */
function mergePatch(target: Value, patch: Value): Value {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, Value>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, Value>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k] ?? null, v);
  }
  return base;
}

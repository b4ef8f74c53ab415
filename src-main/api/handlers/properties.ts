/** properties.*: a device's properties as the console and Thinger clients edit them. */
import { ApiError, ApiErrorCode, type Property } from '../../contract';
import { psonFromJson, psonToJson, type Json } from '../../protocol';
import type { PropertyRow, PropertyStore } from '../../serverres/PropertyStore';
import type { CallHandlers } from '../ApiServer';

type PropertyCalls = Pick<
  CallHandlers,
  | 'properties.list'
  | 'properties.get'
  | 'properties.set'
  | 'properties.remove'
  | 'properties.history'
>;

const out = (r: PropertyRow): Property => ({
  property: r.property,
  value: psonToJson(r.value),
  modified: r.updatedAt,
});

/** `known` throws NOT_FOUND for a device that is not registered (properties belong to one). */
export function createPropertyHandlers(
  properties: PropertyStore,
  known: (user: string, device: string) => void,
): PropertyCalls {
  const one = (user: string, device: string, property: string): PropertyRow => {
    const r = properties.row(user, device, property);
    if (!r) throw new ApiError(ApiErrorCode.NOT_FOUND, `no property "${property}" on ${device}`);
    return r;
  };
  return {
    'properties.list': ({ user, device }) => {
      known(user, device);
      return { properties: properties.list(user, device).map(out) };
    },
    'properties.get': ({ user, device, property }) => out(one(user, device, property)),
    'properties.set': ({ user, device, property, value }, { caller }) => {
      known(user, device);
      try {
        properties.set(user, device, property, psonFromJson(value as Json), caller);
      } catch (e) {
        if (e instanceof RangeError)
          throw new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, `${property}: ${e.message}`);
        throw e;
      }
      return out(one(user, device, property));
    },
    'properties.remove': ({ user, device, property }, { caller }) => {
      known(user, device);
      const names =
        property !== undefined ? [property] : properties.list(user, device).map((p) => p.property);
      let removed = 0;
      for (const n of names) if (properties.remove(user, device, n, caller)) removed++;
      if (property !== undefined && removed === 0)
        throw new ApiError(ApiErrorCode.NOT_FOUND, `no property "${property}" on ${device}`);
      return { removed };
    },
    'properties.history': ({ user, device, property, limit }) => ({
      changes: properties.history(user, device, property, limit).map((c) => ({
        property: c.property,
        value: c.value === null ? null : psonToJson(c.value),
        ts: c.ts,
        source: c.source,
      })),
    }),
  };
}

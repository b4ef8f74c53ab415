/**
 * callbacks.*: HTTP devices (Thinger's type `HTTP`) that post their data instead of holding an
 * IoTMP connection. Each device's callback names what its data does: written to a bucket
 * (`write_bucket`), stored as a property (`set_property`), as that device.
 */
import { ApiError, ApiErrorCode, deviceKey } from '../../contract';
import { psonFromJson, type Json } from '../../protocol';
import type { BucketStore } from '../../serverres/BucketStore';
import type { PropertyStore } from '../../serverres/PropertyStore';
import type { SettingsStore } from '../../store/SettingsStore';
import type { CallHandlers } from '../ApiServer';

type CallbackCalls = Pick<CallHandlers, 'callbacks.get' | 'callbacks.set' | 'callbacks.call'>;
type Actions = { write_bucket?: string; set_property?: string };

const key = (user: string, device: string): string => `callbacks.${deviceKey(user, device)}`;

export function createCallbackHandlers(
  settings: SettingsStore,
  buckets: BucketStore,
  properties: PropertyStore,
  known: (user: string, device: string) => void,
): CallbackCalls {
  const actions = (user: string, device: string): Actions =>
    settings.get<Actions>(key(user, device), {});
  return {
    'callbacks.get': ({ user, device }) => {
      known(user, device);
      return { actions: actions(user, device) };
    },
    'callbacks.set': ({ user, device, actions: a }) => {
      known(user, device);
      settings.set(key(user, device), a);
      return { actions: a };
    },
    'callbacks.call': ({ user, device, data }) => {
      known(user, device);
      const a = actions(user, device);
      const value = psonFromJson(data as Json);
      const written: string[] = [];
      try {
        if (a.write_bucket) {
          buckets.write(user, a.write_bucket, device, value);
          written.push(`bucket:${a.write_bucket}`);
        }
        if (a.set_property) {
          properties.set(user, device, a.set_property, value, 'device');
          written.push(`property:${a.set_property}`);
        }
      } catch (e) {
        if (e instanceof RangeError) throw new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, e.message);
        throw e;
      }
      if (written.length === 0)
        throw new ApiError(
          ApiErrorCode.BAD_REQUEST,
          `${device} has no callback action: set one with PUT /v3/users/${user}/devices/${device}/callback`,
        );
      return { written };
    },
  };
}

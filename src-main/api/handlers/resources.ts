/** `resources.*`: describe, run and read a device's resources through the broker. */
import { ApiError, ApiErrorCode } from '../../contract';
import { psonFromJson, psonToJson, type Json, type PsonValue } from '../../protocol';
import type { Reply } from '../../core/reply';
import type { BrokerServices } from '../../services/types';
import { knownDevice } from './deviceViews';
import type { CallsOf } from './types';

export const toJson = (v: PsonValue | undefined): Json => (v === undefined ? null : psonToJson(v));
const fromJson = (v: Json | undefined): PsonValue | undefined =>
  v === undefined ? undefined : psonFromJson(v);

/** A device's ERROR answer as the typed error (its code and payload in `detail`). */
function valueOf(reply: Reply, what: string): { value: Json } {
  if (reply.ok) return { value: toJson(reply.payload) };
  throw new ApiError(ApiErrorCode.DEVICE_ERROR, `the device answered ERROR to ${what}`, {
    code: toJson(reply.code),
    payload: toJson(reply.payload),
  });
}

/** Rejects when the caller gives up, so no handler outlives its call. */
const abortable = <T>(p: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ApiError(ApiErrorCode.CANCELLED, 'cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });

export function resourceHandlers(service: BrokerServices): CallsOf<'resources'> {
  const { broker } = service;
  const known = knownDevice(service);
  return {
    'resources.describe': async ({ user, device, resource, refresh }, { signal }) => {
      known(user, device);
      const reply = await abortable(
        broker.describe(user, device, resource, refresh ?? false),
        signal,
      );
      return valueOf(reply, resource ? `describe ${resource}` : 'describe');
    },
    'resources.run': async ({ user, device, resource, input, parameters }, { signal }) => {
      known(user, device);
      const reply = await abortable(
        broker.run(user, device, resource, fromJson(input), fromJson(parameters)),
        signal,
      );
      return valueOf(reply, `run ${resource}`);
    },
    'resources.read': async ({ user, device, resource }, { signal }) => {
      known(user, device);
      return valueOf(
        await abortable(broker.read(user, device, resource), signal),
        `read ${resource}`,
      );
    },
  };
}

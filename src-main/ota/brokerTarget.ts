/** OtaTarget over the broker: RUN requests, the device's frame limit, its presence. */
import type { Broker } from '../broker/Broker';
import { deviceKey } from '../contract/deviceKey';
import type { OtaTarget } from './OtaUpdate';

export function brokerOtaTarget(
  broker: Pick<Broker, 'run' | 'frameLimitOf' | 'registry'>,
): OtaTarget {
  return {
    run: (user, device, resource, input) => broker.run(user, device, resource, input),
    frameLimit: (user, device) => broker.frameLimitOf(deviceKey(user, device)),
    waitOnline: (user, device, ms, signal) =>
      new Promise<boolean>((resolve) => {
        if (broker.registry.get(deviceKey(user, device))?.online) return resolve(true);
        const finish = (v: boolean): void => {
          off();
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        };
        const onAbort = (): void => finish(false);
        const off = broker.registry.onOnline((d) => {
          if (d.user === user && d.device === device) finish(true);
        });
        const timer = setTimeout(() => finish(false), ms);
        signal.addEventListener('abort', onAbort);
      }),
  };
}

/** `inspector.*`: a device's recent frames, and new ones as they pass. */
import { deviceKey } from '../../contract';
import type { BrokerServices } from '../../services/types';
import { knownDevice } from './deviceViews';
import type { CallsOf, TopicsOf } from './types';

export function inspectorHandlers(service: BrokerServices): {
  calls: CallsOf<'inspector'>;
  topics: TopicsOf<'inspector'>;
} {
  const { inspector } = service.broker;
  const known = knownDevice(service);
  return {
    calls: {
      'inspector.frames': ({ user, device, afterSeq }) => {
        known(user, device);
        const key = deviceKey(user, device);
        return { frames: inspector.frames(key, afterSeq ?? 0), thinned: inspector.thinned(key) };
      },
    },
    topics: {
      'inspector.follow': ({ user, device }, listener) => {
        known(user, device);
        const dispose = inspector.follow(deviceKey(user, device), (f) => void listener(f));
        return { resume: () => {}, close: dispose };
      },
    },
  };
}

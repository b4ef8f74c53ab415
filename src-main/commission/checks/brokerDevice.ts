/**
 * A CheckDevice over the embedded broker: the checks go through the same describe/run/stream
 * path a person's clicks take (Broker API → Session → device), never around it.
 */
import type { Broker } from '../../broker/Broker';
import type { Reply } from '../../core/reply';
import { psonFromJson, psonToJson, type Json } from '../../protocol';
import type { CheckDevice, DeviceAnswer } from './CheckDevice';

const answer = (r: Reply): DeviceAnswer => ({
  ok: r.ok,
  value: r.payload === undefined ? null : psonToJson(r.payload),
  code: r.code === undefined ? null : psonToJson(r.code),
});

export function brokerCheckDevice(broker: Broker, user: string, device: string): CheckDevice {
  return {
    describe: async (resource) => answer(await broker.describe(user, device, resource, true)),
    run: async (resource, input?: Json) =>
      answer(
        await broker.run(
          user,
          device,
          resource,
          input === undefined ? undefined : psonFromJson(input),
        ),
      ),
    stream: (resource, intervalMs, onSample, onError) => {
      const sub = broker.subscribe(user, device, resource, {
        intervalMs,
        onSample: (s) => onSample(s.time, psonToJson(s.payload)),
        onStatus: (st) => {
          if (st.state === 'error') onError(`the device refused the stream: ${st.reason}`);
          else if (st.state === 'waiting') onError(`stream stopped: ${st.reason}`);
        },
      });
      return () => sub.close();
    },
  };
}

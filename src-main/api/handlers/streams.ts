/** `streams.samples`: a StreamHub consumer per subscriber, its samples and status as events. */
import type { StreamEvent } from '../../contract';
import { psonToJson } from '../../protocol';
import type { BrokerServices } from '../../services/types';
import type { StreamStatus, Subscription } from '../../streams/StreamHub';
import { knownDevice } from './deviceViews';
import { toJson } from './resources';
import type { TopicsOf } from './types';

/**
 * A stream status's reason with what the device answered, when it answered more than ERROR
 * ("the device refused the stream: no probe attached (code 3)"): the technician sees the
 * device's own words, as a failed run shows them.
 */
export function withDeviceAnswer(s: Exclude<StreamStatus, { state: 'streaming' }>): string {
  if (s.state !== 'error') return s.reason;
  const text = (v: Parameters<typeof toJson>[0]): string | null => {
    const j = toJson(v);
    return j === null ? null : typeof j === 'string' ? j : JSON.stringify(j);
  };
  const said = text(s.payload);
  const code = text(s.code);
  if (said === null && code === null) return s.reason;
  return `${s.reason}: ${[said, code === null ? null : `(code ${code})`].filter(Boolean).join(' ')}`;
}

export function streamHandlers(service: BrokerServices): TopicsOf<'streams'> {
  const { broker } = service;
  const known = knownDevice(service);
  return {
    'streams.samples': ({ user, device, resource, intervalMs }, listener) => {
      known(user, device);
      // Assigned after subscribe returns; a sample delivered during subscribe reports 0 dropped.
      let sub: Subscription | undefined = undefined;
      sub = broker.subscribe(user, device, resource, {
        intervalMs,
        onSample: (s) =>
          listener({
            kind: 'sample',
            time: s.time,
            value: psonToJson(s.payload),
            dropped: sub?.dropped ?? 0,
          }),
        onStatus: (s) => {
          const e: StreamEvent =
            s.state === 'streaming'
              ? { kind: 'status', state: s.state, deviceIntervalMs: s.deviceIntervalMs }
              : { kind: 'status', state: s.state, reason: withDeviceAnswer(s) };
          listener(e);
        },
      });
      const live = sub;
      return {
        resume: () => live.resume(),
        close: () => live.close(),
      };
    },
  };
}

/** A Broker with its parts built the way the composition root builds them, for broker tests. */
import { FrameClock } from '../../core/frameClock';
import { FrameInspector } from '../../inspector/FrameInspector';
import { DeviceRegistry } from '../../registry/DeviceRegistry';
import { StreamHub } from '../../streams/StreamHub';
import type { BareIntervalMemory } from '../../streams/BareIntervalMemory';
import { AuthThrottle } from '../AuthThrottle';
import { Broker } from '../Broker';
import type { BrokerOptions } from '../brokerPorts';
import { DEFAULT_BROKER_LIMITS } from '../limits';
import { LiveSessions } from '../LiveSessions';
import { RefusalLog } from '../RefusalLog';

/** `bareIntervals`: shared by two brokers in a test, it stands for the app's settings (a restart). */
export function newBroker(options: BrokerOptions, bareIntervals?: BareIntervalMemory): Broker {
  // As the composition root: one clock, whose reading a frame's handling holds (frameClock.ts).
  const clock = options.frameClock ?? new FrameClock(options.wallNow ?? (() => Date.now()));
  const wallNow = clock.now;
  const limits = { ...DEFAULT_BROKER_LIMITS, ...options.limits };
  const live = new LiveSessions();
  const warn = (m: string) => options.log?.('warn', m);
  return new Broker(
    { ...options, wallNow, frameClock: clock },
    {
      live,
      registry: new DeviceRegistry(wallNow),
      inspector: new FrameInspector(wallNow),
      streams: new StreamHub(
        options.scheduler,
        wallNow,
        (key) => live.get(key),
        (m) => options.log?.('info', m),
        bareIntervals,
      ),
      throttle: new AuthThrottle(limits, () => options.scheduler.now()),
      refusals: new RefusalLog(options.scheduler, warn),
      replacements: new RefusalLog(options.scheduler, warn, 'connection'),
    },
  );
}

/**
 * The broker's parts, built around one wall clock: a frame's handling holds one reading of it
 * for the registry, the inspector and the stream hub (core/frameClock.ts). The composition root
 * (app/Studio.ts) and the broker tests build them here, so both get the same wiring.
 */
import type { FrameClock } from '../core/frameClock';
import type { Scheduler } from '../core/scheduler';
import { FrameInspector } from '../inspector/FrameInspector';
import { DeviceRegistry } from '../registry/DeviceRegistry';
import type { BareIntervalMemory } from '../streams/BareIntervalMemory';
import { StreamHub } from '../streams/StreamHub';
import { AuthThrottle } from './AuthThrottle';
import type { BrokerParts } from './brokerPorts';
import type { BrokerLimits } from './limits';
import { LiveSessions } from './LiveSessions';
import { RefusalLog } from './RefusalLog';

export interface BrokerPartsOptions {
  scheduler: Scheduler;
  clock: FrameClock;
  limits: BrokerLimits;
  log?: (level: 'info' | 'warn', message: string) => void;
  /** Devices known to need the bare-number stream interval (the app keeps them in its settings). */
  bareIntervals?: BareIntervalMemory;
}

export function buildBrokerParts(o: BrokerPartsOptions): BrokerParts {
  const { scheduler, clock, limits } = o;
  const live = new LiveSessions();
  const warn = (m: string): void => o.log?.('warn', m);
  return {
    live,
    registry: new DeviceRegistry(clock.now),
    inspector: new FrameInspector(clock.now),
    streams: new StreamHub(
      scheduler,
      clock.now,
      (key) => live.get(key),
      (m) => o.log?.('info', m),
      o.bareIntervals,
    ),
    throttle: new AuthThrottle(limits, () => scheduler.now()),
    refusals: new RefusalLog(scheduler, warn),
    replacements: new RefusalLog(scheduler, warn, 'connection'),
  };
}

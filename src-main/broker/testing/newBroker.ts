/** A Broker with its parts built the way the composition root builds them, for broker tests. */
import { FrameClock } from '../../core/frameClock';
import type { BareIntervalMemory } from '../../streams/BareIntervalMemory';
import { Broker } from '../Broker';
import { buildBrokerParts } from '../brokerParts';
import type { BrokerOptions } from '../brokerPorts';
import { DEFAULT_BROKER_LIMITS } from '../limits';

/** `bareIntervals`: shared by two brokers in a test, it stands for the app's settings (a restart). */
export function newBroker(options: BrokerOptions, bareIntervals?: BareIntervalMemory): Broker {
  const clock = options.clock ?? new FrameClock(Date.now);
  const parts = buildBrokerParts({
    scheduler: options.scheduler,
    clock,
    limits: { ...DEFAULT_BROKER_LIMITS, ...options.limits },
    ...(options.log ? { log: options.log } : {}),
    ...(bareIntervals ? { bareIntervals } : {}),
  });
  return new Broker({ ...options, clock }, parts);
}

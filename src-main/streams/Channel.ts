/**
 * One (device, resource) of the stream hub: its consumers, the upstream streams serving them
 * and the interval arithmetic of IOTMP.md §8.6.
 */
import type { Cancel } from '../core/scheduler';
import type { Consumer, Sample, StreamStatus } from './Consumer';

/** §8.6 step 2: periodic intervals are whole multiples of this… */
const STREAM_INTERVAL_QUANTUM_MS = 1000;
/** …and at least this: IOTMP-Linux samples at most once per second (§8.1). */
const MIN_STREAM_INTERVAL_MS = 1000;

export interface Upstream {
  id: number;
  intervalMs: number; // 0 = event stream
  samples: number;
  cancelFallback: Cancel;
}

/** Everything about one (device, resource). */
export class Channel {
  readonly consumers = new Set<Consumer>();
  periodic: Upstream | null = null;
  event: Upstream | null = null;
  last: Sample | null = null;
  /** Serialises START/STOP exchanges so concurrent changes cannot interleave. */
  chain: Promise<void> = Promise.resolve();
  failed: StreamStatus | null = null;
  /** The interval form was switched once (§8.1 fallback): never again, so no flapping. */
  switchedForm = false;

  constructor(
    readonly key: string,
    readonly resource: string,
  ) {}

  /** §8.6 step 3: the periodic upstream runs at the GCD of the periodic consumers. */
  wantedPeriodic(): number {
    let g = 0;
    for (const c of this.consumers) if (c.interval > 0) g = gcd(g, c.interval);
    return g;
  }

  wantsEvents(): boolean {
    for (const c of this.consumers) if (c.interval === 0) return true;
    return false;
  }
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** §8.6 step 2: round up to the quantum, at least the minimum. */
export function quantize(
  ms: number,
  quantum = STREAM_INTERVAL_QUANTUM_MS,
  min = MIN_STREAM_INTERVAL_MS,
): number {
  if (ms <= 0) return 0;
  return Math.max(min, Math.ceil(ms / quantum) * quantum);
}

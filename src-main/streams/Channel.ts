/**
 * One (device, resource) of the stream hub: its consumers, the upstream streams serving them
 * and the interval arithmetic of IOTMP.md §8.6.
 */
import type { PsonValue } from '../protocol';
import type { Cancel } from '../core/scheduler';
import type { StreamEnd } from '../core/streamEnd';
import type { Consumer, Sample, StreamStatus } from './Consumer';

/** §8.6 step 2: periodic intervals are whole multiples of this… */
const STREAM_INTERVAL_QUANTUM_MS = 1000;
/** …and at least this: IOTMP-Linux samples at most once per second (§8.1). */
const MIN_STREAM_INTERVAL_MS = 1000;

/** What an upstream hands its items and its end to (the stream hub). */
export interface UpstreamOwner {
  item(ch: Channel, upstream: Upstream, payload: PsonValue): void;
  ended(ch: Channel, upstream: Upstream, end: StreamEnd): void;
}

const noCancel: Cancel = () => {};

/**
 * One device stream serving a channel. The device's session holds it as the stream's receiver
 * (an object with methods rather than two closures: a sample reaches its consumers through
 * fewer objects, each of them cold when a thousand devices take turns).
 */
export class Upstream {
  id = 0;
  samples = 0;
  cancelFallback: Cancel = noCancel;

  constructor(
    readonly channel: Channel,
    /** 0 = event stream. */
    readonly intervalMs: number,
    private readonly owner: UpstreamOwner,
  ) {}

  item(payload: PsonValue): void {
    this.owner.item(this.channel, this, payload);
  }

  end(end: StreamEnd): void {
    this.owner.ended(this.channel, this, end);
  }
}

/** Everything about one (device, resource). */
export class Channel {
  /**
   * An array rather than a Set: walked for every sample, changed only by (un)subscribing. Never
   * changed in place (a new array each time), so a walk is not disturbed by a consumer that
   * closes, or a new one that subscribes, from inside a callback.
   */
  consumers: readonly Consumer[] = [];
  /**
   * The only consumer, when there is exactly one (the usual case: one chart or one recorder):
   * a sample reaches it without the array and its elements, two more cold objects per sample.
   */
  sole: Consumer | null = null;
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

  add(c: Consumer): void {
    this.consumers = [...this.consumers, c];
    this.sole = this.consumers.length === 1 ? c : null;
  }

  remove(c: Consumer): void {
    this.consumers = this.consumers.filter((x) => x !== c);
    this.sole = this.consumers.length === 1 ? (this.consumers[0] ?? null) : null;
  }

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

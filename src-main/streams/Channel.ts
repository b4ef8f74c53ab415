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

/** What a channel hands its items and its streams' ends to (the stream hub). */
export interface ChannelOwner {
  item(ch: Channel, id: number, payload: PsonValue): void;
  ended(ch: Channel, id: number, end: StreamEnd): void;
}

const noCancel: Cancel = () => {};

/**
 * One device stream serving a channel: what the hub started, stops and watches. Not on a
 * sample's path: the device's session hands items to the channel itself (below).
 */
export class Upstream {
  id = 0;
  cancelFallback: Cancel = noCancel;

  constructor(
    /** 0 = event stream. */
    readonly intervalMs: number,
  ) {}
}

/**
 * Everything about one (device, resource), and the receiver of its device streams: the session
 * hands each item to the channel with the stream id it came by (a channel may have a periodic
 * and an event stream at once, §8.6). One object per sample where there were two (the upstream
 * and its channel), each of them cold when a thousand devices take turns. The fields a sample
 * reads come first.
 */
export class Channel {
  private readonly owner: ChannelOwner;
  readonly key: string;
  readonly resource: string;
  /**
   * Items per stream id while a periodic stream waits for its §8.1 fallback check (the stream
   * ids are known only once the device answered, and the first sample may come with the OK);
   * null the rest of the time. At most one periodic start is watched at a time.
   */
  itemCounts: Map<number, number> | null = null;
  /**
   * The sole consumer's sink while it takes every sample and is ready for the next one (see
   * `Consumer.ready`); else null. A sample then reaches the sink without the consumer object,
   * one cold object fewer; the consumer is touched again only when the sink says busy.
   */
  sink: ((s: Sample) => boolean | void) | null = null;
  /**
   * The only consumer, when there is exactly one (the usual case: one chart or one recorder):
   * a sample reaches it without the array and its elements, two more cold objects per sample.
   */
  sole: Consumer | null = null;
  last: Sample | null = null;
  /**
   * An array rather than a Set: walked for every sample, changed only by (un)subscribing. Never
   * changed in place (a new array each time), so a walk is not disturbed by a consumer that
   * closes, or a new one that subscribes, from inside a callback.
   */
  consumers: readonly Consumer[] = [];
  periodic: Upstream | null = null;
  event: Upstream | null = null;
  /** Serialises START/STOP exchanges so concurrent changes cannot interleave. */
  chain: Promise<void> = Promise.resolve();
  failed: StreamStatus | null = null;
  /** The interval form was switched once (§8.1 fallback): never again, so no flapping. */
  switchedForm = false;

  constructor(key: string, resource: string, owner: ChannelOwner) {
    this.owner = owner;
    this.key = key;
    this.resource = resource;
  }

  /** An item on one of the channel's streams (the session's ServerStream). */
  item(payload: PsonValue, id: number): void {
    this.owner.item(this, id, payload);
  }

  /** One of the channel's streams ended without being stopped (the session's ServerStream). */
  end(end: StreamEnd, id: number): void {
    this.owner.ended(this, id, end);
  }

  add(c: Consumer): void {
    this.consumers = [...this.consumers, c];
    this.sole = this.consumers.length === 1 ? c : null;
    this.readiness();
  }

  remove(c: Consumer): void {
    this.consumers = this.consumers.filter((x) => x !== c);
    this.sole = this.consumers.length === 1 ? (this.consumers[0] ?? null) : null;
    this.readiness();
  }

  /** The sole consumer, or its readiness, changed: `sink` follows. */
  readiness(): void {
    const c = this.sole;
    this.sink = c !== null && c.interval === 0 && c.ready ? c.sink : null;
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

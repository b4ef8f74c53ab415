/**
 * One consumer of a device stream (a UI chart, an API WebSocket, a recorder): what it receives
 * and its bounded queue. A slow consumer loses its oldest samples (counted), never the broker's
 * memory; a sample is delivered once (D2).
 */
import type { PsonValue } from '../protocol';
import { RingBuffer } from '../util/RingBuffer';

/** Samples a consumer may have waiting before the oldest are dropped. */
const CONSUMER_QUEUE_LENGTH = 256;

export interface Sample {
  key: string;
  resource: string;
  /** Wall-clock ms when the broker received it. */
  time: number;
  payload: PsonValue;
}

export interface ConsumerOptions {
  /** Wanted interval in ms; 0 = every sample the device sends (events). */
  intervalMs: number;
  /**
   * Receives samples. Returning false means "busy, not taken": the sample waits at the head of
   * the bounded queue and nothing more is offered until `resume()`. A sample is delivered once.
   */
  onSample: (s: Sample) => boolean | void;
  /** The stream cannot be served (device refused it) or the device went offline. */
  onStatus?: (status: StreamStatus) => void;
  queueLength?: number;
}

export type StreamStatus =
  | { state: 'streaming'; deviceIntervalMs: number }
  | { state: 'waiting'; reason: string }
  | { state: 'error'; reason: string; code?: PsonValue; payload?: PsonValue };

export interface Subscription {
  /** Samples this consumer lost because it was too slow. */
  readonly dropped: number;
  /** Delivers queued samples (call when the consumer is ready again). */
  resume(): void;
  close(): void;
}

export class Consumer implements Subscription {
  readonly queue: RingBuffer<Sample>;
  lastSentAt = -Infinity;
  closed = false;
  /** The sink said busy: samples only queue until it calls resume(). */
  private paused = false;

  constructor(
    readonly options: ConsumerOptions,
    readonly interval: number,
    private readonly onClose: (c: Consumer) => void,
  ) {
    this.queue = new RingBuffer(options.queueLength ?? CONSUMER_QUEUE_LENGTH);
  }

  get dropped(): number {
    return this.queue.dropped;
  }

  offer(s: Sample): void {
    if (this.closed) return;
    // While the sink is busy, or samples still wait, this one queues behind them (the oldest
    // are dropped past the bound, counted): it is not offered again until resume().
    if (this.paused || this.queue.size > 0) {
      this.queue.push(s);
      return;
    }
    if (this.options.onSample(s) === false) {
      this.paused = true;
      this.queue.push(s);
    }
  }

  resume(): void {
    this.paused = false;
    for (let s = this.queue.peek(); !this.closed && s !== undefined; s = this.queue.peek()) {
      if (this.options.onSample(s) === false) {
        this.paused = true;
        return;
      }
      this.queue.shift();
    }
  }

  status(st: StreamStatus): void {
    if (!this.closed) this.options.onStatus?.(st);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}

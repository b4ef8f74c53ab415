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
  lastSentAt = -Infinity;
  closed = false;
  /** The sink said busy: samples only queue until it calls resume(). */
  private paused = false;
  /**
   * Samples waiting for the sink, made when the first one has to wait: most consumers never
   * do, and a queue is 256 slots (2 KiB) that every sample would otherwise touch.
   */
  private queue: RingBuffer<Sample> | null = null;
  /**
   * `options.onSample`, held here: one object fewer to reach per sample. While the consumer is
   * `ready` its channel may call it directly (see Channel.sink), without `offer`.
   */
  readonly sink: (s: Sample) => boolean | void;

  constructor(
    readonly options: ConsumerOptions,
    readonly interval: number,
    private readonly onClose: (c: Consumer) => void,
    /** Told when `ready` may have changed (its channel keeps its sink at hand while it is). */
    private readonly onReadiness: () => void = () => {},
  ) {
    this.sink = options.onSample;
    const n = options.queueLength;
    // Checked here, where the caller subscribes, though the queue is made later.
    if (n !== undefined && !(Number.isInteger(n) && n >= 1))
      throw new RangeError('queueLength must be a positive integer');
  }

  get dropped(): number {
    return this.queue?.dropped ?? 0;
  }

  /** A sample offered now goes straight to the sink: open, not busy, nothing waiting. */
  get ready(): boolean {
    return !this.closed && !this.paused && (this.queue === null || this.queue.size === 0);
  }

  offer(s: Sample): void {
    if (this.closed) return;
    // While the sink is busy, or samples still wait, this one queues behind them (the oldest
    // are dropped past the bound, counted): it is not offered again until resume().
    if (this.paused || (this.queue !== null && this.queue.size > 0)) {
      this.wait(s);
      return;
    }
    if (this.sink(s) === false) this.refused(s);
  }

  /** The sink said busy to `s`: it waits at the head of the queue until resume(). */
  refused(s: Sample): void {
    this.paused = true;
    this.wait(s);
    this.onReadiness();
  }

  resume(): void {
    this.paused = false;
    const queue = this.queue;
    if (queue !== null) {
      for (let s = queue.peek(); !this.closed && s !== undefined; s = queue.peek()) {
        if (this.sink(s) === false) {
          this.paused = true;
          return;
        }
        queue.shift();
      }
    }
    this.onReadiness();
  }

  status(st: StreamStatus): void {
    if (!this.closed) this.options.onStatus?.(st);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }

  private wait(s: Sample): void {
    (this.queue ??= new RingBuffer(this.options.queueLength ?? CONSUMER_QUEUE_LENGTH)).push(s);
  }
}

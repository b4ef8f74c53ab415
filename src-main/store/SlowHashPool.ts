/**
 * Runs the slow credential hashes (scrypt: ~40 ms of a core and 16 MiB each) a few at a time, in
 * arrival order, with a bounded queue (D5: after a restart thousands of devices ask at once).
 *
 * Why not a worker_threads pool: Node's async `crypto.scrypt` already runs on libuv's thread pool,
 * off the event loop, so a worker would add an isolate (~10 MB) per thread for the same work.
 * What the bare thread pool lacks is a bound: 10,000 queued hashes would hold all four of its
 * threads for minutes (file reads and DNS wait behind them) and take every core from the event
 * loop that serves the devices already online. This pool gives the hashes `concurrency` threads
 * (one core left to the event loop), a FIFO so the first to ask is the first checked, a bound on
 * waiting jobs, and drops a job whose connection went away while it waited.
 */
import { availableParallelism } from 'node:os';

/** Hashes at once: all cores but one (for the event loop), at least one, at most three of libuv's four threads. */
const DEFAULT_HASH_CONCURRENCY = Math.max(1, Math.min(3, availableParallelism() - 1));
/**
 * Jobs waiting at most. Attempts are already limited per address (BrokerLimits
 * .maxAuthInFlightPerAddress), so this only binds when thousands of addresses ask at once; a
 * waiting job costs a closure, and every open connection (BrokerLimits.maxConnections) fits.
 */
const DEFAULT_MAX_QUEUED_HASHES = 20_000;

export class HashPoolError extends Error {
  constructor(
    readonly code: 'BUSY' | 'ABANDONED',
    message: string,
  ) {
    super(message);
    this.name = 'HashPoolError';
  }
}

interface Waiting {
  start: () => void;
  signal: AbortSignal | undefined;
  reject: (e: Error) => void;
}

export class SlowHashPool {
  private running = 0;
  private readonly queue: Waiting[] = [];
  /** Hashes run to completion since start (tests and the bench read it). */
  completed = 0;

  constructor(
    readonly concurrency = DEFAULT_HASH_CONCURRENCY,
    readonly maxQueued = DEFAULT_MAX_QUEUED_HASHES,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Runs `job` when a slot is free, in arrival order. Rejects with BUSY at once when the queue is
   * full, and with ABANDONED when `signal` aborted before the job's turn (it then never runs).
   */
  run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abandoned());
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running++;
        job().then(
          (v) => {
            this.completed++;
            this.done();
            resolve(v);
          },
          (e: unknown) => {
            this.done();
            reject(e as Error);
          },
        );
      };
      if (this.running < this.concurrency) return start();
      if (this.queue.length >= this.maxQueued) {
        reject(
          new HashPoolError(
            'BUSY',
            `credential checks busy: ${this.queue.length} already waiting, try again shortly`,
          ),
        );
        return;
      }
      this.queue.push({ start, signal, reject });
    });
  }

  private done(): void {
    this.running--;
    for (;;) {
      const next = this.queue.shift();
      if (!next) return;
      if (next.signal?.aborted) {
        next.reject(abandoned());
        continue;
      }
      next.start();
      return;
    }
  }
}

const abandoned = (): HashPoolError =>
  new HashPoolError('ABANDONED', 'the connection closed before its credential was checked');

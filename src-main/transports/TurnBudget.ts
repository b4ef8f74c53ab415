/**
 * Socket work that arrives in bursts, done a slice per event-loop turn.
 *
 * libuv hands Node every connection waiting in the accept queue, and every EOF on thousands of
 * sockets, in one poll of the loop: 1,000 guessers connecting at once, or 5,000 silent sockets
 * timing out together, used to cost 50–140 ms in a single turn while a legit device's sample
 * waited behind them (bench:hostile, docs/performance.md). Queued here, each turn does at most
 * `maxPerTurn` items and about `sliceMs` of them, then yields (setImmediate) so the poll phase
 * reads the other sockets before the next slice. Nothing is skipped: every item runs, a few
 * milliseconds later at most per slice ahead of it.
 */
export interface TurnBudgetOptions {
  /** Items per turn at most (bounds what their follow-up reads cost in the next poll too). */
  maxPerTurn: number;
  /** Milliseconds of work per turn, checked after each item (at least one item runs). */
  sliceMs: number;
  /**
   * Items waiting at most; `add` returns false beyond it and the caller does the work at once
   * (or refuses the socket): the queue never holds more than this, whatever arrives.
   */
  maxQueued: number;
}

export class TurnBudget<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  private readonly tick = (): void => this.runSlice();

  constructor(
    private readonly work: (item: T) => void,
    private readonly options: TurnBudgetOptions,
  ) {}

  /** Items waiting for a later turn. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Queues `item` for a coming turn; false when the queue is full (nothing was queued). */
  add(item: T): boolean {
    if (this.size >= this.options.maxQueued) return false;
    this.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.tick);
    }
    return true;
  }

  /** Runs everything still waiting, now (shutdown). */
  flush(): void {
    while (this.size > 0) this.work(this.take());
  }

  private take(): T {
    const item = this.items[this.head] as T;
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private runSlice(): void {
    this.scheduled = false;
    const end = performance.now() + this.options.sliceMs;
    for (let n = 0; n < this.options.maxPerTurn && this.size > 0; n++) {
      const item = this.take();
      try {
        this.work(item);
      } finally {
        // A throwing item must not strand the rest: the next turn goes on.
        if (this.size > 0 && !this.scheduled) {
          this.scheduled = true;
          setImmediate(this.tick);
        }
      }
      if (performance.now() >= end) break;
    }
  }
}

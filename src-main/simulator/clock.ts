/**
 * Time and randomness for the simulator, injected so that its behaviour can be tested without
 * sleeping (docs/architecture.md: "time and randomness are injected").
 */

/** A scheduled callback; `cancel()` is idempotent. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  /** Calls `fn` every `ms` until cancelled (a fixed-rate timer, like IOTMP-Linux's). */
  setInterval(fn: () => void, ms: number): Timer;
}

/** The real clock: Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, Math.max(1, ms));
    return { cancel: () => clearInterval(t) };
  },
};

interface FakeTimer {
  id: number;
  at: number;
  every: number | null;
  fn: () => void;
}

/**
 * A manual clock for tests: nothing happens until `advance()`, which runs every timer that falls
 * due, in time order (intervals re-arm themselves).
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, FakeTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return this.add(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): Timer {
    return this.add(fn, ms, Math.max(1, ms));
  }

  /** Timers still scheduled. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running the timers that fall due on the way. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers.values()) {
        if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) {
          next = t;
        }
      }
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      if (next.every === null) this.timers.delete(next.id);
      else next.at += next.every;
      next.fn();
    }
    this.time = target;
  }

  private add(fn: () => void, ms: number, every: number | null): Timer {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.time + Math.max(0, ms), every, fn });
    return { cancel: () => void this.timers.delete(id) };
  }
}

/** Source of 16-bit stream ids (IOTMP-Linux uses `rand() & 0xffff`, §5.3, §6.3). */
export type IdSource = () => number;

/** Source of numbers in [0, 1) for sensor noise. */
export type RandomSource = () => number;

export const randomId: IdSource = () => Math.floor(Math.random() * 0x10000);

/** A Scheduler whose time moves only when a test says so. */
import type { Cancel, Scheduler } from '../../core/scheduler';

export class FakeScheduler implements Scheduler {
  private time = 0;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): Cancel {
    const t = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }

  /** Moves time forward, running due timers in order (and the microtasks they queue). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = end;
    await flush();
  }

  get pending(): number {
    return this.timers.length;
  }
}

/** Lets every queued promise callback run (a macrotask turn drains the microtask queue). */
export async function flush(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

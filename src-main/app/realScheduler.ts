/** The Scheduler backed by Node's timers; timers are unref'd so they never keep a process alive. */
import type { Scheduler } from '../core/scheduler';

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

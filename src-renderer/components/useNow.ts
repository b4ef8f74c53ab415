import { useEffect, useState } from 'react';

/**
 * One timer per period for every clock of that period: their ticks land in one task, so React
 * renders all of them in one pass (21 charts' stats at 4 Hz: 4 renders a second, not 84).
 */
interface Clock {
  timer: ReturnType<typeof setInterval>;
  ticks: Set<(now: number) => void>;
}

const clocks = new Map<number, Clock>();

function follow(ms: number, tick: (now: number) => void): () => void {
  let clock = clocks.get(ms);
  if (!clock) {
    const ticks = new Set<(now: number) => void>();
    const timer = setInterval(() => {
      const now = Date.now();
      for (const t of ticks) t(now);
    }, ms);
    clock = { timer, ticks };
    clocks.set(ms, clock);
  }
  clock.ticks.add(tick);
  return () => {
    clock.ticks.delete(tick);
    if (clock.ticks.size === 0) {
      clearInterval(clock.timer);
      clocks.delete(ms);
    }
  };
}

/**
 * The current time, re-rendering every `ms` while `active` (ages, counters, "waiting… 3 s").
 * While inactive it keeps the last time it had: callers only read it while active.
 */
export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => (active ? follow(ms, setNow) : undefined), [ms, active]);
  return now;
}

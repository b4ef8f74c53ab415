import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `ms` while `active` (ages, counters, "waiting… 3 s").
 * While inactive it keeps the last time it had: callers only read it while active.
 */
export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
  return now;
}

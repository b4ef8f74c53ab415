import { useEffect, useState } from 'react';

const TICK_MS = 1_000;

/** The time, re-read every second while `on` (null when off). */
export function useTicking(on: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => {
      clearInterval(timer);
      setNow(null);
    };
  }, [on]);
  return on ? now : null;
}

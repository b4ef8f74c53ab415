/** A short outcome line ("Stopped 2 streams.") that clears itself after `ms`. */
import { useCallback, useEffect, useState } from 'react';

export function useNotice(ms: number): [string, (text: string) => void] {
  // `n` makes the same text said twice a new notice, restarting its timer.
  const [notice, setNotice] = useState<{ text: string; n: number } | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), ms);
    return () => clearTimeout(t);
  }, [notice, ms]);
  const notify = useCallback(
    (text: string) => setNotice((prev) => ({ text, n: (prev?.n ?? 0) + 1 })),
    [],
  );
  return [notice?.text ?? '', notify];
}

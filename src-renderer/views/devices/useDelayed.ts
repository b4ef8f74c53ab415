/** True once `flag` has stayed true for `ms` (skeletons that would only flicker stay away, UI.md §1). */
import { useEffect, useState } from 'react';

export function useDelayed(flag: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) return;
    const t = setTimeout(() => setLate(true), ms);
    return () => {
      clearTimeout(t);
      setLate(false);
    };
  }, [flag, ms]);
  return flag && late;
}

/** Small hooks of the Resources tab: "is this panel in view", "has this long passed". */
import { useEffect, useState, type RefObject } from 'react';

/** Panels within this distance of the viewport count as visible (read a little ahead). */
const AHEAD = '200px';

/**
 * Whether the element is (near) on screen, for the lazy describe-one of each panel (UI.md §3.2
 * "Reading values"). Without IntersectionObserver (tests, old engines) everything is visible.
 */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => setInView(entries.some((e) => e.isIntersecting)),
      { rootMargin: AHEAD },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return inView;
}

/** True once `since` is at least `ms` old (re-renders when it becomes true). */
export function useElapsed(since: number | null, ms: number): boolean {
  const [passedFor, setPassedFor] = useState<number | null>(null);
  useEffect(() => {
    if (since === null) return;
    const timer = setTimeout(() => setPassedFor(since), Math.max(0, since + ms - Date.now()));
    return () => clearTimeout(timer);
  }, [since, ms]);
  return since !== null && passedFor === since;
}

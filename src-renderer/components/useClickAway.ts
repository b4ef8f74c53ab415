/**
 * Closes a floating part (menu, pop-over) on a pointer press outside it: calls `onAway` while
 * `active`. The latest `onAway` is used, so callers may pass a fresh closure on every render.
 */
import { useEffect, useRef, type RefObject } from 'react';

export function useClickAway(
  ref: RefObject<Element | null>,
  active: boolean,
  onAway: () => void,
): void {
  const latest = useRef(onAway);
  useEffect(() => {
    latest.current = onAway;
  });
  useEffect(() => {
    if (!active) return;
    const onDown = (e: PointerEvent): void => {
      if (!ref.current?.contains(e.target as Node)) latest.current();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [ref, active]);
}

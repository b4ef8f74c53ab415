/**
 * Autoscroll of the monitor's output (UI.md §3.9): follow the newest row after every batch until
 * the user scrolls up (or pauses, or selects text there: scrolling would unmount the selected
 * rows, Arduino IDE #1081); then count the rows that arrived since, for "Jump to newest (N new
 * lines)", which follows again.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Within this distance of the end counts as "at the bottom". */
const BOTTOM_SLACK_PX = 8;

/** A text selection (not just a caret) inside `el`. */
function selectingIn(el: HTMLElement | null): boolean {
  const sel = window.getSelection();
  return !!el && !!sel && !sel.isCollapsed && !!sel.anchorNode && el.contains(sel.anchorNode);
}

export interface Follow {
  /** The scrolling element, for its `ref`. */
  scroller: RefObject<HTMLDivElement | null>;
  onScroll(): void;
  /** Back to the newest row (and following it, with autoscroll on). */
  jump(): void;
  /** Stop following (a search match is being shown). */
  stop(): void;
  /** Rows that arrived since the user left the bottom. */
  fresh: number;
}

export function useFollowBottom({
  autoscroll,
  frozen,
  end,
  changed,
}: {
  autoscroll: boolean;
  /** The display is paused. */
  frozen: boolean;
  /** The buffer's absolute end. */
  end: number;
  /** What changes with every batch (the buffer's version, the row count). */
  changed: readonly unknown[];
}): Follow {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  /** The buffer's end when the output last followed it (new rows are counted from there). */
  const followedTo = useRef(0);
  /** Absolute end of the buffer when the user left the bottom (null: at the bottom). */
  const [leftAt, setLeftAt] = useState<number | null>(null);

  const toBottom = (): void => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  useLayoutEffect(() => {
    if (!autoscroll || !following.current || frozen) return;
    if (selectingIn(scroller.current)) {
      following.current = false;
      setLeftAt(followedTo.current);
      return;
    }
    toBottom();
    followedTo.current = end;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `end` moves with `changed`
  }, [...changed, autoscroll, frozen]);

  // Autoscroll switched on at the bottom follows again; switched off, new rows start counting.
  useEffect(() => {
    following.current = autoscroll && leftAt === null;
    // The switch is in the toolbar, another component: this follows it once per change.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    if (!autoscroll && leftAt === null) setLeftAt(end);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on the switch itself
  }, [autoscroll]);

  return {
    scroller,
    onScroll: () => {
      const el = scroller.current;
      if (!el) return;
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
      if (atBottom) {
        following.current = autoscroll;
        setLeftAt(autoscroll ? null : end);
      } else if (following.current || leftAt === null) {
        following.current = false;
        setLeftAt(end);
      }
    },
    jump: () => {
      following.current = autoscroll;
      setLeftAt(autoscroll ? null : end);
      toBottom();
    },
    stop: () => {
      following.current = false;
      setLeftAt((l) => l ?? end);
    },
    fresh: leftAt === null ? 0 : Math.max(0, end - leftAt),
  };
}

/** Time as the broker's state machines see it: injected, so tests control it (no sleeping). */
export type Cancel = () => void;

export interface Scheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  setTimeout(fn: () => void, ms: number): Cancel;
}

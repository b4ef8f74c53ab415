/**
 * Per-key back-off after failures, shared by the device CONNECT throttle (broker/AuthThrottle) and
 * the API token guard (api/TokenGuard): recent failures are counted per key (an address, an
 * identity); after `freeFailures` of them each further one waits twice as long, up to `maxMs`. A
 * key with no failure for `forgetAfterMs` starts afresh; at most `maxKeys` keys are remembered
 * (oldest first), so a flood of addresses cannot grow it. Time is injected for tests.
 */
import { BoundedMap } from '../contract/BoundedMap';

export interface BackoffLimits {
  /** Failures allowed before any delay (0: the first failure already waits `baseMs`). */
  freeFailures: number;
  baseMs: number;
  maxMs: number;
  forgetAfterMs: number;
  maxKeys: number;
}

interface Entry {
  count: number;
  last: number;
  /** When the delay of the newest failure ends. */
  until: number;
}

export class FailureBackoff {
  private readonly entries: BoundedMap<string, Entry>;

  constructor(
    readonly limits: BackoffLimits,
    private readonly now: () => number,
  ) {
    this.entries = new BoundedMap(limits.maxKeys);
  }

  /** Records a failure of `key`; returns its delay in ms (0 while failures are still free). */
  fail(key: string): number {
    const now = this.now();
    const e = this.recent(key, now);
    const count = (e?.count ?? 0) + 1;
    const over = count - this.limits.freeFailures;
    const delay =
      over > 0 ? Math.min(this.limits.maxMs, this.limits.baseMs * 2 ** Math.min(over - 1, 30)) : 0;
    this.entries.set(key, { count, last: now, until: now + delay });
    return delay;
  }

  /** Ms the newest failure of `key` still asks it to wait (0: none). */
  blockedFor(key: string): number {
    const now = this.now();
    const e = this.recent(key, now);
    return e ? Math.max(0, e.until - now) : 0;
  }

  /** Recent failures of `key`. */
  failures(key: string): number {
    return this.recent(key, this.now())?.count ?? 0;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private recent(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.last > this.limits.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}

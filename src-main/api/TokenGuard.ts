/**
 * Bounded back-off per address for wrong API tokens: a few mistakes are free, then each further
 * failure blocks the address for twice as long, up to a cap. While blocked, every request from
 * that address is answered 429 without looking at its token. Time is injected for tests.
 */

export interface TokenGuardLimits {
  /** Wrong tokens allowed before back-off starts: enough for a typo or a stale bookmark. */
  freeFailures: number;
  /** First block after the free failures. */
  baseBlockMs: number;
  /** Longest block: keeps a mistyped script from locking its owner out for long. */
  maxBlockMs: number;
  /** An address with no failure for this long starts afresh. */
  forgetAfterMs: number;
  /** Addresses remembered; the oldest are forgotten first (a flood of addresses cannot grow it). */
  maxAddresses: number;
}

export const DEFAULT_TOKEN_GUARD: TokenGuardLimits = {
  freeFailures: 5,
  baseBlockMs: 1_000,
  maxBlockMs: 60_000,
  forgetAfterMs: 10 * 60_000,
  maxAddresses: 10_000,
};

interface Entry {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export class TokenGuard {
  private readonly entries = new Map<string, Entry>();
  readonly limits: TokenGuardLimits;

  constructor(
    private readonly now: () => number = Date.now,
    limits: Partial<TokenGuardLimits> = {},
  ) {
    this.limits = { ...DEFAULT_TOKEN_GUARD, ...limits };
  }

  /** Ms this address must still wait (0: it may try). */
  blockedFor(address: string): number {
    const e = this.entries.get(address);
    if (!e) return 0;
    const now = this.now();
    if (now - e.lastFailure > this.limits.forgetAfterMs) {
      this.entries.delete(address);
      return 0;
    }
    return Math.max(0, e.blockedUntil - now);
  }

  fail(address: string): void {
    const now = this.now();
    let e = this.entries.get(address);
    if (!e || now - e.lastFailure > this.limits.forgetAfterMs) {
      e = { failures: 0, lastFailure: now, blockedUntil: 0 };
    }
    this.entries.delete(address);
    this.entries.set(address, e);
    if (this.entries.size > this.limits.maxAddresses)
      this.entries.delete(this.entries.keys().next().value!);
    e.failures++;
    e.lastFailure = now;
    const over = e.failures - this.limits.freeFailures;
    if (over > 0)
      e.blockedUntil =
        now +
        Math.min(this.limits.maxBlockMs, this.limits.baseBlockMs * 2 ** Math.min(over - 1, 30));
  }

  succeed(address: string): void {
    this.entries.delete(address);
  }
}

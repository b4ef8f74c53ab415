/**
 * Bounded back-off per address for wrong API tokens: a few mistakes are free, then each further
 * failure blocks the address for twice as long, up to a cap. While blocked, every request from
 * that address is answered 429 without looking at its token. Time is injected for tests.
 */
import { FailureBackoff } from '../util/FailureBackoff';

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

const DEFAULT_TOKEN_GUARD: TokenGuardLimits = {
  freeFailures: 5,
  baseBlockMs: 1_000,
  maxBlockMs: 60_000,
  forgetAfterMs: 10 * 60_000,
  maxAddresses: 10_000,
};

/** Wrong tokens per address, on the shared back-off (util/FailureBackoff). */
export class TokenGuard {
  private readonly backoff: FailureBackoff;
  readonly limits: TokenGuardLimits;

  constructor(now: () => number = Date.now, limits: Partial<TokenGuardLimits> = {}) {
    this.limits = { ...DEFAULT_TOKEN_GUARD, ...limits };
    this.backoff = new FailureBackoff(
      {
        freeFailures: this.limits.freeFailures,
        baseMs: this.limits.baseBlockMs,
        maxMs: this.limits.maxBlockMs,
        forgetAfterMs: this.limits.forgetAfterMs,
        maxKeys: this.limits.maxAddresses,
      },
      now,
    );
  }

  /** Ms this address must still wait (0: it may try). */
  blockedFor(address: string): number {
    return this.backoff.blockedFor(address);
  }

  fail(address: string): void {
    this.backoff.fail(address);
  }

  succeed(address: string): void {
    this.backoff.forget(address);
  }
}

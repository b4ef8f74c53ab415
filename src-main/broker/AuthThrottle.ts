/**
 * Slows repeated failed CONNECTs from one address (IOTMP.md §6.1 step 6): the answer is delayed
 * by a time that doubles with each recent failure, capped. Clients retry every 1–15 s forever, so
 * a misconfigured device costs the credential store little; others are never delayed.
 */
import type { BrokerLimits } from './limits';

/** Failures older than this no longer count. */
export const AUTH_FAILURE_MEMORY_MS = 10 * 60_000;
/** Addresses remembered at most (oldest forgotten first): bounds memory under a spoofing flood. */
export const AUTH_THROTTLE_MAX_ADDRESSES = 10_000;

export class AuthThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly limits: Pick<BrokerLimits, 'authFailDelayMs' | 'authFailMaxDelayMs'>,
    private readonly now: () => number,
  ) {}

  /** Records a failure and returns the delay to apply before answering it. */
  fail(address: string): number {
    const now = this.now();
    const f = this.failures.get(address);
    const count = f && now - f.last < AUTH_FAILURE_MEMORY_MS ? f.count + 1 : 1;
    this.failures.delete(address);
    this.failures.set(address, { count, last: now });
    if (this.failures.size > AUTH_THROTTLE_MAX_ADDRESSES)
      this.failures.delete(this.failures.keys().next().value!);
    return Math.min(
      this.limits.authFailMaxDelayMs,
      this.limits.authFailDelayMs * 2 ** Math.min(count - 1, 16),
    );
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  failuresOf(address: string): number {
    return this.failures.get(address)?.count ?? 0;
  }
}

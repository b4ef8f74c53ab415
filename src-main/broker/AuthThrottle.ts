/**
 * Guards CONNECT authentication (IOTMP.md §6.1 step 6) against guessing:
 * - a refusal is answered after a delay that doubles with recent failures of the address and of
 *   the identity (the larger wins), capped; a success never resets the address, so a valid
 *   device cannot wipe the record of guesses made from the same place;
 * - only a few attempts per address and one per identity are in progress at a time (from the
 *   CONNECT until the answer, the refusal delay included); the rest wait their turn in order,
 *   so parallel connections buy no extra guesses, and a flood from one address only ever
 *   holds its own few slots of the credential check (others are never delayed).
 */
import { FailureBackoff } from '../util/FailureBackoff';
import type { BrokerLimits } from './limits';

/** Failures older than this no longer count. */
const AUTH_FAILURE_MEMORY_MS = 10 * 60_000;
/** Addresses and identities remembered at most (oldest first): bounds memory under a flood. */
const AUTH_THROTTLE_MAX_KEYS = 10_000;

type Limits = Pick<
  BrokerLimits,
  | 'authFailDelayMs'
  | 'authFailMaxDelayMs'
  | 'maxAuthInFlightPerAddress'
  | 'maxAuthInFlightPerIdentity'
  | 'maxAuthWaitingPerAddress'
>;

/** Gives back an attempt's slots. */
export type Release = () => void;

export class AuthThrottle {
  /** Failures by address (`a:`) and identity (`i:`) in one bounded table. */
  private readonly failures: FailureBackoff;
  private readonly byAddress: KeyedSlots;
  private readonly byIdentity: KeyedSlots;

  constructor(
    private readonly limits: Limits,
    now: () => number,
  ) {
    this.failures = new FailureBackoff(
      {
        freeFailures: 0,
        baseMs: limits.authFailDelayMs,
        maxMs: limits.authFailMaxDelayMs,
        forgetAfterMs: AUTH_FAILURE_MEMORY_MS,
        maxKeys: AUTH_THROTTLE_MAX_KEYS,
      },
      now,
    );
    this.byAddress = new KeyedSlots(limits.maxAuthInFlightPerAddress);
    this.byIdentity = new KeyedSlots(limits.maxAuthInFlightPerIdentity);
  }

  /**
   * Waits until this attempt may be checked; resolves with its release, or with null when too
   * many attempts from the address already wait (the connection is then refused unchecked).
   */
  async admit(address: string, identity: string): Promise<Release | null> {
    if (this.byAddress.waiting(address) >= this.limits.maxAuthWaitingPerAddress) return null;
    const releaseAddress = await this.byAddress.acquire(address);
    const releaseIdentity = await this.byIdentity.acquire(identity);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseIdentity();
      releaseAddress();
    };
  }

  /** Records a failure of the address (and identity) and returns the delay before answering. */
  fail(address: string, identity?: string): number {
    const a = this.failures.fail(`a:${address}`);
    const i = identity === undefined ? 0 : this.failures.fail(`i:${identity}`);
    return Math.max(a, i);
  }

  /** The identity proved its credential: its own failures are forgiven (not its address's). */
  succeed(identity: string): void {
    this.failures.forget(`i:${identity}`);
  }

  failuresOf(address: string): number {
    return this.failures.failures(`a:${address}`);
  }
}

/** At most `max` holders per key; the others wait in arrival order. Empty keys are forgotten. */
class KeyedSlots {
  private readonly keys = new Map<string, { held: number; queue: (() => void)[] }>();

  constructor(private readonly max: number) {}

  waiting(key: string): number {
    return this.keys.get(key)?.queue.length ?? 0;
  }

  acquire(key: string): Promise<Release> {
    let k = this.keys.get(key);
    if (!k) {
      k = { held: 0, queue: [] };
      this.keys.set(key, k);
    }
    const entry = k;
    const release = (): void => {
      const next = entry.queue.shift();
      if (next) next();
      else if (--entry.held === 0) this.keys.delete(key);
    };
    if (entry.held < this.max) {
      entry.held++;
      return Promise.resolve(release);
    }
    return new Promise((resolve) => entry.queue.push(() => resolve(release)));
  }
}

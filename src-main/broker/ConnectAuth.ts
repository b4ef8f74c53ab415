/**
 * The credential check of a CONNECT (IOTMP.md §6.1) for the broker: the memory cache first,
 * then the guessing throttle's slot, the (slow) verifier, registration of a new device when
 * "accept new devices" is on, and what a refusal logs and lists. A refused attempt holds its
 * throttle slot until its delayed ERROR is sent, so one address cannot guess in parallel.
 */
import type { Scheduler } from '../core/scheduler';
import type { AuthThrottle, Release } from './AuthThrottle';
import type { BrokerOptions } from './brokerPorts';
import type { RefusalLog } from './RefusalLog';
import type { RejectionList } from './RejectionList';
import { deviceKey, type DeviceIdentity, type SessionInfo } from './types';

export class ConnectAuth {
  /** Credential checks holding their throttle slots until answered (a refusal's delay too). */
  private readonly attempts = new WeakMap<SessionInfo, Release>();
  /** Aborted when the connection closes during its credential check (no hash for a gone peer). */
  private readonly checks = new WeakMap<SessionInfo, AbortController>();
  /** Why a CONNECT was refused, for the one log line (set by authenticate). */
  private readonly refusalDetail = new WeakMap<SessionInfo, string>();

  constructor(
    private readonly options: BrokerOptions,
    private readonly throttle: AuthThrottle,
    private readonly refusals: RefusalLog,
    private readonly rejected: RejectionList,
    private readonly scheduler: Scheduler,
    private readonly wallNow: () => number,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  async authenticate(
    identity: DeviceIdentity,
    credential: string,
    session: SessionInfo,
  ): Promise<boolean> {
    const address = session.link.remoteAddress;
    const key = deviceKey(identity);
    const { credentials } = this.options;
    if (credentials.verifyCached?.(identity, credential)) {
      this.throttle.succeed(key);
      return true;
    }
    const release = await this.throttle.admit(address, key);
    if (!release) {
      this.refusalDetail.set(session, `${key} from ${address}: too many login attempts waiting`);
      return false;
    }
    if (session.state === 'closed') return (void release(), false);
    this.attempts.set(session, release);
    const check = new AbortController();
    this.checks.set(session, check);
    let verdict: 'accepted' | 'rejected' | 'unknown';
    try {
      verdict = await credentials.verify(identity, credential, check.signal);
      if (verdict === 'unknown' && this.options.acceptNewDevices?.() && credentials.register) {
        await credentials.register(identity, credential);
        this.log('info', `registered new device ${key} from ${address} (accept new devices is on)`);
        verdict = 'accepted';
      }
    } catch (e) {
      this.endAttempt(session);
      throw e;
    }
    if (verdict === 'accepted') {
      this.endAttempt(session);
      this.throttle.succeed(key);
      return true;
    }
    // The slot stays held until the refusal is sent (refused()): no parallel guesses.
    this.refusalDetail.set(
      session,
      `wrong credentials for ${key}${verdict === 'unknown' ? ' (unknown device)' : ''} from ${address}`,
    );
    this.rejected.remember({
      time: this.wallNow(),
      address,
      user: identity.user,
      device: identity.device,
      reason: verdict === 'unknown' ? 'unknown-device' : 'wrong-credential',
    });
    return false;
  }

  /** A CONNECT is refused: the delay before its ERROR; the slot is released after it. */
  refused(session: SessionInfo, reason: string): number {
    const address = session.link.remoteAddress;
    const delay = this.throttle.fail(address, session.key ?? undefined);
    const release = this.attempts.get(session);
    this.attempts.delete(session);
    if (release) this.scheduler.setTimeout(release, delay);
    this.refusals.refused(address, this.refusalDetail.get(session) ?? `${address}: ${reason}`);
    this.refusalDetail.delete(session);
    return delay;
  }

  /** The connection closed: a check still running is aborted, its slot released. */
  closed(session: SessionInfo): void {
    this.checks.get(session)?.abort();
    this.endAttempt(session);
  }

  private endAttempt(session: SessionInfo): void {
    this.checks.delete(session);
    this.attempts.get(session)?.();
    this.attempts.delete(session);
  }
}

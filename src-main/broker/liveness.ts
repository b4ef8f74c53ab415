/**
 * A connection's deadlines (IOTMP.md §6.1, §6.2), kept in the broker's one DeadlineQueue: the
 * CONNECT timeout, a refused CONNECT's delayed answer, and once online the keep-alive check: a
 * connection silent for the keep-alive timeout is probed with a RUN without RESOURCE and closed
 * when the probe goes unanswered. Functions of the session (no object per connection).
 */
import { CONNECT_BAD_CREDENTIALS, error as errorMessage, type Message } from '../protocol';
import type { Scheduler } from '../core/scheduler';
import type { Deadline, DeadlineQueue } from './DeadlineQueue';
import type { DeviceCalls } from './DeviceCalls';
import type { BrokerLimits } from './limits';
import type { SessionState } from './types';

/** What the deadlines need of their session. */
export interface LivenessSession extends Deadline {
  readonly state: SessionState;
  readonly scheduler: Scheduler;
  readonly limits: BrokerLimits;
  readonly deadlines: DeadlineQueue;
  readonly calls: DeviceCalls;
  /** When the last frame arrived (scheduler time). */
  readonly lastActivity: number;
  /** A refused CONNECT's answer, sent when its delay is due (§6.1 step 6). */
  refusal: { streamId: number; reason: string } | null;
  /** A keep-alive probe is out (§6.2). */
  probing: boolean;
  send(m: Message): void;
  close(reason: string): void;
}

/**
 * The scheduler's time in whole milliseconds, rounded up (so a deadline never fires early): what
 * a session keeps of time. Small integers live in an object's field itself; a fractional time is
 * a 16-byte number object per field and connection (docs/performance.md).
 */
export function wholeMs(s: { readonly scheduler: Scheduler }): number {
  return Math.ceil(s.scheduler.now());
}

/** The deadline of the session's current state came (the broker's deadline queue calls this). */
export function deadlineReached(s: LivenessSession, now: number): void {
  if (s.state === 'connecting') {
    s.close('no CONNECT within the connect timeout');
  } else if (s.state === 'online') {
    checkLiveness(s, now);
  } else if (s.state === 'authenticating' && s.refusal) {
    const { streamId, reason } = s.refusal;
    s.refusal = null;
    s.send(errorMessage(streamId, { parameters: CONNECT_BAD_CREDENTIALS }));
    s.close(reason);
  }
}

/** Checked again when the connection has been silent for the keep-alive timeout. */
export function armLiveness(s: LivenessSession, now = wholeMs(s)): void {
  s.deadlines.set(s, Math.max(Math.ceil(now), s.lastActivity + s.limits.keepAliveTimeoutMs));
}

function checkLiveness(s: LivenessSession, now: number): void {
  const silent = now - s.lastActivity;
  if (silent < s.limits.keepAliveTimeoutMs) {
    armLiveness(s, now);
    return;
  }
  if (s.probing) return;
  // §6.2 (recommendation): a RUN without RESOURCE, which every client answers with ERROR.
  s.probing = true;
  const answered = s.calls.probe(s.limits.probeTimeoutMs);
  if (!answered) {
    s.close('keep-alive timeout');
    return;
  }
  answered.then(
    () => {
      s.probing = false;
      armLiveness(s);
    },
    () =>
      s.close(
        `no answer for ${Math.round((s.limits.keepAliveTimeoutMs + s.limits.probeTimeoutMs) / 1000)} s (keep-alive timeout)`,
      ),
  );
}

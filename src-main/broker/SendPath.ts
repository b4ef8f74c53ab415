/**
 * Frames out of one connection, and the back-pressure bound on them (D1, IOTMP.md §10.1):
 * every frame kind counts against the peer's backlog. Past `maxPendingWriteBytes` the peer is no
 * longer read (it cannot ask for more) and samples are dropped; past twice that, or after
 * `writeStallTimeoutMs` without draining, it is closed with a logged reason.
 */
import { encodeFrame, type Message } from '../protocol';
import type { Cancel, Scheduler } from '../core/scheduler';
import type { Link } from '../core/link';
import { BrokerError, BrokerErrorCode } from './errors';
import type { BrokerLimits } from './limits';
import type { RecordedSession, SessionHost } from './types';

/** What the send path needs of its session. */
export interface SendingSession extends RecordedSession {
  readonly host: SessionHost;
  readonly scheduler: Scheduler;
  readonly limits: BrokerLimits;
  /** Largest body this device accepts (IOTMP.md §9.1.7). */
  readonly maxOutboundBody: number;
  droppedFrames: number;
  close(reason: string): void;
}

/** Answers and other frames may take the backlog to this many times `maxPendingWriteBytes`. */
const WRITE_BACKLOG_FACTOR = 2;
/** How often a stalled peer's backlog is looked at. */
const STALL_CHECK_MS = 250;

const NOTHING_TO_CANCEL: Cancel = () => {};

export class SendPath {
  /** Since when the peer's backlog is over the bound and it is no longer read; or null. */
  private stalledSince: number | null = null;
  private cancelStallCheck: Cancel = NOTHING_TO_CANCEL;

  constructor(private readonly session: SendingSession) {}

  /** Encodes and writes one frame in the connection's version (throws over the device's limit). */
  send(m: Message): void {
    const s = this.session;
    if (s.state === 'closed') return;
    const bytes = encodeFrame(m, s.pv);
    const body = bodySizeOf(bytes);
    if (body > s.maxOutboundBody)
      throw new BrokerError(
        BrokerErrorCode.PAYLOAD_TOO_LARGE,
        `the frame would be ${body} bytes; this device accepts at most ${s.maxOutboundBody} (IOTMP.md §9.1.7: devices drop the connection above their limit; raise the device's frame limit if its firmware accepts more)`,
      );
    const link = s.link;
    const backlog = link.pendingWriteBytes;
    if (backlog + bytes.length > s.limits.maxPendingWriteBytes * WRITE_BACKLOG_FACTOR) {
      this.closeNotReading(`${backlog} bytes it did not read`);
      return;
    }
    link.send(bytes);
    s.host.frame(s, 'out', bytes, m);
    if (this.stalledSince === null && link.pendingWriteBytes > s.limits.maxPendingWriteBytes)
      this.stall(link);
  }

  /** Writes a stream item unless the device is not reading: samples are dropped first (§10.2). */
  sendDroppable(m: Message): boolean {
    const s = this.session;
    if (s.link.pendingWriteBytes > s.limits.maxPendingWriteBytes) {
      s.droppedFrames++;
      return false;
    }
    try {
      this.send(m);
    } catch (e) {
      if (!(e instanceof BrokerError)) throw e;
      s.droppedFrames++; // over the device's frame limit: it would drop the connection
      return false;
    }
    return true;
  }

  /** The session closed: no more stall checks. */
  closed(): void {
    this.cancelStallCheck();
  }

  private stall(link: Link): void {
    this.stalledSince = this.session.scheduler.now();
    link.pauseReading();
    this.checkStall();
  }

  /** Reading resumes once the backlog has drained to half the bound. */
  private checkStall(): void {
    const s = this.session;
    if (s.state === 'closed' || this.stalledSince === null) return;
    const { maxPendingWriteBytes, writeStallTimeoutMs } = s.limits;
    if (s.link.pendingWriteBytes <= maxPendingWriteBytes / 2) {
      this.stalledSince = null;
      s.link.resumeReading();
      return;
    }
    if (s.scheduler.now() - this.stalledSince >= writeStallTimeoutMs) {
      this.closeNotReading(
        `${s.link.pendingWriteBytes} bytes unread for ${Math.round(writeStallTimeoutMs / 1000)} s`,
      );
      return;
    }
    this.cancelStallCheck = s.scheduler.setTimeout(() => this.checkStall(), STALL_CHECK_MS);
  }

  private closeNotReading(what: string): void {
    const reason = `not reading what the broker sends (${what})`;
    this.session.host.log('warn', `closed: ${reason}`, this.session);
    this.session.close(reason);
  }
}

/** Body size of an encoded frame: type byte, size varint, body (§2.1). */
function bodySizeOf(frame: Uint8Array): number {
  let i = 1;
  // Past the end reads undefined, which ends the varint like a last byte.
  while ((frame[i] ?? 0) >= 0x80) i++;
  return frame.length - (i + 1);
}

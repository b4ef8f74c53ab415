/**
 * Frames out of one connection, and the back-pressure bound on them (D1, IOTMP.md §10.1):
 * every frame kind counts against the peer's backlog. Past `maxPendingWriteBytes` the peer is no
 * longer read (it cannot ask for more) and samples are dropped; past twice that, or after
 * `writeStallTimeoutMs` without draining, it is closed with a logged reason.
 */
import { encodeFrame, type Message } from '../protocol';
import type { Cancel, Scheduler } from '../core/scheduler';
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
  /** Set while the peer's backlog is over the bound and it is not read (made only then). */
  stall: Stall | null;
  close(reason: string): void;
}

/** Answers and other frames may take the backlog to this many times `maxPendingWriteBytes`. */
const WRITE_BACKLOG_FACTOR = 2;
/** How often a stalled peer's backlog is looked at. */
const STALL_CHECK_MS = 250;

const NOTHING_TO_CANCEL: Cancel = () => {};

/** A peer over the backlog bound: since when, and the pending look at its backlog. */
export class Stall {
  cancelCheck: Cancel = NOTHING_TO_CANCEL;
  constructor(readonly since: number) {}
}

// Functions of the session rather than an object per connection: an idle device has no send
// state of its own (docs/performance.md).

/** Encodes and writes one frame in the connection's version (throws over the device's limit). */
export function sendFrame(s: SendingSession, m: Message): void {
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
    closeNotReading(s, `${backlog} bytes it did not read`);
    return;
  }
  link.send(bytes);
  s.host.frame(s, 'out', bytes, m);
  if (s.stall === null && link.pendingWriteBytes > s.limits.maxPendingWriteBytes) {
    s.stall = new Stall(s.scheduler.now());
    link.pauseReading();
    checkStall(s);
  }
}

/** Writes a stream item unless the device is not reading: samples are dropped first (§10.2). */
export function sendDroppableFrame(s: SendingSession, m: Message): boolean {
  if (s.link.pendingWriteBytes > s.limits.maxPendingWriteBytes) {
    s.droppedFrames++;
    return false;
  }
  try {
    sendFrame(s, m);
  } catch (e) {
    if (!(e instanceof BrokerError)) throw e;
    s.droppedFrames++; // over the device's frame limit: it would drop the connection
    return false;
  }
  return true;
}

/** The session closed: no more stall checks. */
export function sendClosed(s: SendingSession): void {
  s.stall?.cancelCheck();
}

/** Reading resumes once the backlog has drained to half the bound. */
function checkStall(s: SendingSession): void {
  const stall = s.stall;
  if (s.state === 'closed' || stall === null) return;
  const { maxPendingWriteBytes, writeStallTimeoutMs } = s.limits;
  if (s.link.pendingWriteBytes <= maxPendingWriteBytes / 2) {
    s.stall = null;
    s.link.resumeReading();
    return;
  }
  if (s.scheduler.now() - stall.since >= writeStallTimeoutMs) {
    closeNotReading(
      s,
      `${s.link.pendingWriteBytes} bytes unread for ${Math.round(writeStallTimeoutMs / 1000)} s`,
    );
    return;
  }
  stall.cancelCheck = s.scheduler.setTimeout(() => checkStall(s), STALL_CHECK_MS);
}

function closeNotReading(s: SendingSession, what: string): void {
  const reason = `not reading what the broker sends (${what})`;
  s.host.log('warn', `closed: ${reason}`, s);
  s.close(reason);
}

/** Body size of an encoded frame: type byte, size varint, body (§2.1). */
function bodySizeOf(frame: Uint8Array): number {
  let i = 1;
  // Past the end reads undefined, which ends the varint like a last byte.
  while ((frame[i] ?? 0) >= 0x80) i++;
  return frame.length - (i + 1);
}

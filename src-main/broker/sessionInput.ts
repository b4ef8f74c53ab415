/**
 * Frames into one connection (IOTMP.md §2.1, §6.1, §10): bytes from the transport are split
 * into frames, rate-limited (§10.1), decoded and dispatched; a peer that is not IoTMP, loses
 * framing or only sends garbage is closed (§10.2). Functions of the session rather than an
 * object per connection, as the send path (SendPath.ts): an idle device keeps no input state of
 * its own beyond its parser (docs/performance.md).
 */
import {
  FrameParser,
  IotmpCodecError,
  MessageType,
  decodeBody,
  error as errorMessage,
  type FrameSink,
  type Message,
  type ProtocolVersion,
  type RawFrame,
  splitFrames,
} from '../protocol';
import type { DeviceIdentity, SessionState } from './types';
import type { Scheduler } from '../core/scheduler';
import type { FrameClock } from '../core/frameClock';
import { dispatch, type DispatchTarget } from './dispatch';
import { takeFrame, type RateBucket } from './frameRate';
import { peekStreamId } from './connectFrame';
import { onFirstFrame, type HandshakeSession } from './connectHandshake';
import { wholeMs } from './liveness';

/** What the input path needs of its session. */
export interface ReceivingSession extends DispatchTarget, HandshakeSession, RateBucket, FrameSink {
  // Read by dispatch, written by the handshake.
  state: SessionState;
  readonly identity: DeviceIdentity | null;
  key: string | null;
  pv: ProtocolVersion;
  readonly scheduler: Scheduler;
  /** Held for each frame: its bookkeeping shares one wall-clock reading (frameClock.ts). */
  readonly clock: FrameClock;
  /** Only while a frame split across reads is being assembled (receiveBytes). */
  parser: FrameParser | null;
  /** Frames that could not be used (§10.2). */
  badFrames: number;
  /** Frames dropped by the rate limit or back-pressure (shown in the registry). */
  droppedFrames: number;
}

/**
 * Bytes from the transport. Whole frames are taken from the chunk in place; a FrameParser is made
 * only for a frame split across reads and dropped once it is complete, so a connection between
 * frames (every idle device) holds none (docs/performance.md).
 */
export function receiveBytes(s: ReceivingSession, chunk: Uint8Array): void {
  if (s.state === 'closed') return;
  const head = s.state === 'connecting' && s.parser === null ? chunk[0] : undefined;
  if (head !== undefined && head !== MessageType.CONNECT) {
    // §1.4, §6.1: IOTMP always starts with CONNECT (03); anything else (the classic Thinger
    // protocol's 01, HTTP, TLS on the plain port) is closed at once rather than buffered.
    s.host.frame(s, 'in', chunk.subarray(0, 64), null);
    s.close(`not IoTMP: first byte 0x${head.toString(16).padStart(2, '0')} is not CONNECT`);
    return;
  }
  try {
    const parser = s.parser;
    if (parser !== null) {
      parser.push(chunk);
      if (parser.buffered === 0 && s.parser === parser) s.parser = null;
      return;
    }
    const rest = splitFrames(chunk, 0, bodyLimit(s), s);
    // A frame's handling may have closed the session (state is read again, not narrowed).
    if (rest === chunk.length || (s.state as SessionState) === 'closed') return;
    const unfinished = new FrameParser({ maxBodySize: bodyLimit(s), onFrame: s });
    s.parser = unfinished;
    unfinished.push(chunk.subarray(rest));
  } catch (e) {
    // §10.2: framing lost (bad header varint, body over the limit): close without a reply.
    if (e instanceof IotmpCodecError) {
      s.host.frame(s, 'in', chunk, null, e);
      s.close(`framing error: ${e.message}`);
    } else {
      throw e;
    }
  }
}

/** Largest body a frame may declare: until the CONNECT is accepted, what a CONNECT needs (D3). */
function bodyLimit(s: ReceivingSession): number {
  const { maxBodySize, maxConnectBodySize } = s.limits;
  return s.state === 'online' ? maxBodySize : Math.min(maxConnectBodySize, maxBodySize);
}

/** A whole frame from the session's parser; its bookkeeping reads the wall clock once. */
export function frameIn(s: ReceivingSession, raw: RawFrame): void {
  if (s.state === 'closed') return;
  const clock = s.clock;
  clock.hold();
  try {
    handleFrame(s, raw);
  } finally {
    clock.release();
  }
}

function handleFrame(s: ReceivingSession, raw: RawFrame): void {
  // Takes the frame's token and marks the frame's time (lastActivity, for the keep-alive too).
  const verdict = takeFrame(s, s.limits, wholeMs(s), raw.type);
  if (verdict !== 'take') {
    if (verdict === 'flood') s.close(`more than ${s.limits.maxFramesPerSecond} frames per second`);
    else s.droppedFrames++;
    s.host.frame(s, 'in', raw.bytes, null);
    return;
  }
  if (s.state === 'connecting') {
    onFirstFrame(s, raw);
    return;
  }
  let m: Message;
  try {
    m = decodeBody(raw.type, raw.body, s.pv, s.limits);
  } catch (e) {
    if (!(e instanceof IotmpCodecError)) throw e;
    s.host.frame(s, 'in', raw.bytes, null, e);
    s.badFrame(`undecodable ${raw.type} frame: ${e.message}`, raw);
    return;
  }
  s.host.frame(s, 'in', raw.bytes, m);
  if (s.state !== 'online') {
    // Clients send nothing between CONNECT and its answer (§6.1).
    s.badFrame('frame before the CONNECT was answered', raw);
    return;
  }
  dispatch(s, m);
}

/** Counts a frame that could not be used; a peer that only sends garbage is closed (§10.2). */
export function badFrameIn(s: ReceivingSession, why: string, raw?: RawFrame): void {
  s.badFrames++;
  if (
    raw &&
    s.state === 'online' &&
    raw.type !== MessageType.OK &&
    raw.type !== MessageType.ERROR
  ) {
    // §10.2: if it was a request and its stream id can be read, answer ERROR.
    const id = peekStreamId(raw.body);
    const isRequest =
      raw.type === MessageType.RUN ||
      raw.type === MessageType.START_STREAM ||
      raw.type === MessageType.STOP_STREAM;
    if (id && isRequest) s.send(errorMessage(id));
  }
  if (s.badFrames > s.limits.maxBadFrames) s.close(`too many bad frames (last: ${why})`);
}

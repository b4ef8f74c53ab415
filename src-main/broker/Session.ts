/**
 * One device connection (IOTMP.md §6): CONNECT and authentication, keep-alive and liveness,
 * requests in both directions matched by stream id, and streams. Pure state machine: bytes come
 * in through `receive`, frames go out through the injected `Link`, time through the `Scheduler`.
 */
import {
  CONNECT_BAD_CREDENTIALS,
  FrameParser,
  IotmpCodecError,
  MessageType,
  decodeBody,
  error as errorMessage,
  keepAlive,
  ok as okMessage,
  resourceFieldOf,
  type Message,
  type ProtocolVersion,
  type PsonValue,
  type FrameSink,
  type RawFrame,
} from '../protocol';
import type { BrokerLimits } from './limits';
import type { Scheduler } from '../core/scheduler';
import type { Deadline, DeadlineQueue } from './DeadlineQueue';
import { dispatch, type DispatchTarget } from './dispatch';
import {
  type DeviceIdentity,
  type RecordedSession,
  type SessionHost,
  type ServerStream,
  type SessionState,
} from './types';
import type { Link } from '../core/link';
import type { TrafficCounters } from '../registry/DeviceRegistry';
import type { DeviceHistory } from '../inspector/FrameInspector';
import type { Reply } from '../core/reply';
import type { StreamEnd } from '../core/streamEnd';
import { takeFrame, type RateBucket } from './frameRate';
import { peekStreamId } from './connectFrame';
import { onFirstFrame, type HandshakeSession } from './connectHandshake';
import {
  sendClosed,
  sendDroppableFrame,
  sendFrame,
  type SendingSession,
  type Stall,
} from './SendPath';
import { DeviceCalls, offline, type CallingSession } from './DeviceCalls';

export class Session
  implements
    DispatchTarget,
    SendingSession,
    RateBucket,
    CallingSession,
    HandshakeSession,
    Deadline,
    FrameSink,
    RecordedSession
{
  readonly id: number;
  readonly link: Link;
  readonly connectedAt: number;
  state: SessionState = 'connecting';
  identity: DeviceIdentity | null = null;
  /** `user/device` once the CONNECT named it (cached: it keys every frame's bookkeeping). */
  key: string | null = null;
  pv: ProtocolVersion = 1;

  /** Requests and streams in both directions, made on first use (most connections are idle). */
  private callsMade: DeviceCalls | null = null;

  private readonly parser: FrameParser;
  private lastActivity: number;
  /** In the broker's deadline queue: the CONNECT timeout, keep-alive check or refusal (§6.1, §6.2). */
  deadlineAt = 0;
  deadlineIndex = -1;
  /** A refused CONNECT's answer, sent when its delay is due (§6.1 step 6). */
  private refusal: { streamId: number; reason: string } | null = null;
  private probing = false;
  private badFrames = 0;
  /** The inbound frame rate's token bucket (frameRate.ts, §10.1). */
  rateTokens: number;
  rateAt: number;
  /** Set while the peer does not read what is sent (SendPath.ts, D1). */
  stall: Stall | null = null;
  /** Frames dropped by the rate limit or back-pressure (shown in the registry). */
  droppedFrames = 0;
  /** Largest body this device accepts (IOTMP.md §9.1.7); its setting is applied once online. */
  maxOutboundBody: number;
  closeReason = '';
  closedByPeer = false;
  /** This connection's registry counters and inspector history (FrameRecorder, when online). */
  counters: TrafficCounters | null = null;
  history: DeviceHistory | null = null;

  constructor(
    id: number,
    link: Link,
    readonly host: SessionHost,
    readonly scheduler: Scheduler,
    readonly limits: BrokerLimits,
    private readonly deadlines: DeadlineQueue,
  ) {
    this.id = id;
    this.link = link;
    this.connectedAt = scheduler.now();
    this.lastActivity = this.connectedAt;
    this.maxOutboundBody = limits.maxOutboundBodySize;
    this.rateTokens = limits.frameBurst;
    this.rateAt = this.connectedAt;
    this.parser = new FrameParser({
      // Until the CONNECT is accepted a peer may only declare what a CONNECT needs (D3).
      maxBodySize: Math.min(limits.maxConnectBodySize, limits.maxBodySize),
      onFrame: this,
    });
    // §6.1: a complete CONNECT must arrive within CONNECT_TIMEOUT.
    deadlines.set(this, this.connectedAt + limits.connectTimeoutMs);
  }

  /** The deadline of the current state came (the broker's deadline queue calls this). */
  deadlineDue(now: number): void {
    if (this.state === 'connecting') {
      this.close('no CONNECT within the connect timeout');
    } else if (this.state === 'online') {
      this.checkLiveness(now);
    } else if (this.state === 'authenticating' && this.refusal) {
      const { streamId, reason } = this.refusal;
      this.refusal = null;
      this.send(errorMessage(streamId, { parameters: CONNECT_BAD_CREDENTIALS }));
      this.close(reason);
    }
  }

  get isOnline(): boolean {
    return this.state === 'online';
  }

  /** This connection's requests and streams (DeviceCalls). */
  get calls(): DeviceCalls {
    return (this.callsMade ??= new DeviceCalls(this));
  }

  /** Streams the server opened, by stream id. */
  get serverStreams(): Map<number, ServerStream> {
    return this.calls.serverStreams;
  }

  /** Streams the device opened (event subscriptions), by stream id. */
  get deviceStreams(): Set<number> {
    return this.calls.deviceStreams;
  }

  /** Bytes from the transport. */
  receive(chunk: Uint8Array): void {
    if (this.state === 'closed') return;
    const head = this.state === 'connecting' && this.parser.buffered === 0 ? chunk[0] : undefined;
    if (head !== undefined && head !== MessageType.CONNECT) {
      // §1.4, §6.1: IOTMP always starts with CONNECT (03); anything else (the classic Thinger
      // protocol's 01, HTTP, TLS on the plain port) is closed at once rather than buffered.
      this.host.frame(this, 'in', chunk.subarray(0, 64), null);
      this.close(`not IoTMP: first byte 0x${head.toString(16).padStart(2, '0')} is not CONNECT`);
      return;
    }
    try {
      this.parser.push(chunk);
    } catch (e) {
      // §10.2: framing lost (bad header varint, body over the limit): close without a reply.
      if (e instanceof IotmpCodecError) {
        this.host.frame(this, 'in', chunk, null, e);
        this.close(`framing error: ${e.message}`);
      } else {
        throw e;
      }
    }
  }

  /** A whole frame from this connection's parser (FrameSink). */
  onFrame(raw: RawFrame): void {
    if (this.state === 'closed') return;
    const now = this.scheduler.now();
    this.lastActivity = now;
    const verdict = takeFrame(this, this.limits, now, raw.type);
    if (verdict !== 'take') {
      if (verdict === 'flood')
        this.close(`more than ${this.limits.maxFramesPerSecond} frames per second`);
      else this.droppedFrames++;
      this.host.frame(this, 'in', raw.bytes, null);
      return;
    }
    if (this.state === 'connecting') {
      onFirstFrame(this, raw);
      return;
    }
    let m: Message;
    try {
      m = decodeBody(raw.type, raw.body, this.pv, this.limits);
    } catch (e) {
      if (!(e instanceof IotmpCodecError)) throw e;
      this.host.frame(this, 'in', raw.bytes, null, e);
      this.badFrame(`undecodable ${raw.type} frame: ${e.message}`, raw);
      return;
    }
    this.host.frame(this, 'in', raw.bytes, m);
    if (this.state !== 'online') {
      // Clients send nothing between CONNECT and its answer (§6.1).
      this.badFrame('frame before the CONNECT was answered', raw);
      return;
    }
    dispatch(this, m);
  }

  /** Counts a frame that could not be used; a peer that only sends garbage is closed (§10.2). */
  badFrame(why: string, raw?: RawFrame): void {
    this.badFrames++;
    if (
      raw &&
      this.state === 'online' &&
      raw.type !== MessageType.OK &&
      raw.type !== MessageType.ERROR
    ) {
      // §10.2: if it was a request and its stream id can be read, answer ERROR.
      const id = peekStreamId(raw.body);
      const isRequest =
        raw.type === MessageType.RUN ||
        raw.type === MessageType.START_STREAM ||
        raw.type === MessageType.STOP_STREAM;
      if (id && isRequest) this.send(errorMessage(id));
    }
    if (this.badFrames > this.limits.maxBadFrames) this.close(`too many bad frames (last: ${why})`);
  }

  // CONNECT (§6.1), the steps in connectHandshake ---------------------------------------------

  /** Well-formed credentials: the host checks them; the CONNECT timeout no longer applies. */
  authenticating(): void {
    this.state = 'authenticating';
    this.deadlines.remove(this);
  }

  /** §6.1 step 5: the OK is the first frame the server sends. */
  accepted(streamId: number): void {
    this.state = 'online';
    this.parser.maxBodySize = this.limits.maxBodySize;
    this.send(okMessage(streamId));
    this.armLiveness();
    this.host.online(this);
  }

  /** §6.1 step 6: ERROR with reason 2, after a delay that grows with failures from the address. */
  rejectConnect(streamId: number | undefined, reason: string): void {
    this.state = 'authenticating'; // not online: frames meanwhile are ignored
    const delay = this.host.refused(this, reason);
    this.refusal = { streamId: streamId ?? 0, reason };
    this.deadlines.set(this, this.scheduler.now() + delay);
  }

  // Liveness (§6.2) -----------------------------------------------------------------------------

  /** Checked again when the connection has been silent for the keep-alive timeout. */
  private armLiveness(now = this.scheduler.now()): void {
    this.deadlines.set(this, Math.max(now, this.lastActivity + this.limits.keepAliveTimeoutMs));
  }

  private checkLiveness(now: number): void {
    const silent = now - this.lastActivity;
    if (silent < this.limits.keepAliveTimeoutMs) {
      this.armLiveness(now);
      return;
    }
    if (this.probing) return;
    // §6.2 (recommendation): a RUN without RESOURCE, which every client answers with ERROR.
    this.probing = true;
    const answered = this.calls.probe(this.limits.probeTimeoutMs);
    if (!answered) {
      this.close('keep-alive timeout');
      return;
    }
    answered.then(
      () => {
        this.probing = false;
        this.armLiveness();
      },
      () =>
        this.close(
          `no answer for ${Math.round((this.limits.keepAliveTimeoutMs + this.limits.probeTimeoutMs) / 1000)} s (keep-alive timeout)`,
        ),
    );
  }

  // Sending -------------------------------------------------------------------------------------

  /** Encodes and writes one frame in the connection's version (bounded backlog, D1). */
  send(m: Message): void {
    sendFrame(this, m);
  }

  /** Writes a stream item unless the device is not reading: samples are dropped first (§10.2). */
  sendDroppable(m: Message): boolean {
    return sendDroppableFrame(this, m);
  }

  /** Answers from the device to our requests (OK/ERROR, §6.3). */
  settle(id: number, ok: boolean, m: Message): void {
    this.callsMade?.settle(id, ok, m);
  }

  // Server → device API (§6.4), in DeviceCalls ------------------------------------------------

  /** DESCRIBE all resources, or one (§5.7, §7.2, §7.3), kept for the connection. */
  describe(resource?: string, refresh = false): Promise<Reply> {
    return this.calls.describe(resource, refresh);
  }

  /** RUN a resource with optional input and parameters (§5.6). */
  run(resource: string, input?: PsonValue, parameters?: PsonValue): Promise<Reply> {
    return this.calls.run(resource, input, parameters);
  }

  /** A resource's current value (an input-only resource's state, §7.4). */
  read(resource: string): Promise<Reply> {
    return this.calls.read(resource);
  }

  /**
   * START_STREAM (§5.8, §8.1): `intervalMs` > 0 for periodic sampling as `{"interval": ms}`,
   * 0 for an event stream; `parameters` replaces the map for session resources.
   */
  openStream(
    resource: string,
    options: { intervalMs?: number; parameters?: PsonValue; bareInterval?: boolean },
    onItem: (payload: PsonValue) => void,
    onEnd: (end: StreamEnd) => void,
  ): Promise<{ id: number; reply: Reply }> {
    if (this.state !== 'online') return Promise.reject(offline());
    return this.calls.openStream(resource, options, onItem, onEnd);
  }

  /** STOP_STREAM (§8.4); the stream is forgotten at once, late items are ignored (§8.2). */
  stopStream(id: number): Promise<Reply> {
    return this.callsMade?.stopStream(id) ?? Promise.resolve({ ok: true });
  }

  /** Input over an open stream (§8.3); no answer. */
  streamInput(id: number, payload: PsonValue): void {
    this.callsMade?.streamInput(id, payload);
  }

  /** An item on a stream the device opened (event subscription, §6.6). */
  pushToDeviceStream(id: number, payload: PsonValue): boolean {
    return this.callsMade?.pushToDeviceStream(id, payload) ?? false;
  }

  /** Answers a device request later (after an async server resource), if still connected. */
  answerLater(
    id: number | undefined,
    work: Promise<{ ok: boolean; code?: number; payload?: PsonValue }>,
  ): void {
    this.calls.answerLater(id, work);
  }

  /** The field that carries the resource in this connection's version (§3.3). */
  resourceField(type: number): number {
    return resourceFieldOf(type, this.pv);
  }

  // Closing (§6.7) ------------------------------------------------------------------------------

  /** Closes the connection: pending requests fail, streams end, the host is told once. */
  close(reason: string): void {
    if (this.state === 'closed') return;
    const wasOnline = this.state === 'online';
    this.state = 'closed';
    this.closeReason = reason;
    this.deadlines.remove(this);
    this.refusal = null;
    sendClosed(this);
    this.link.close();
    this.callsMade?.closed(reason);
    // Told for every session (the host forgets it); only an online one makes the device offline.
    this.host.offline(this, wasOnline ? reason : `never authenticated: ${reason}`);
  }

  /** The transport saw the socket close. */
  transportClosed(why = 'connection closed by the device'): void {
    if (this.state !== 'closed') this.closedByPeer = true;
    this.close(why);
  }

  /** Replies to KEEP_ALIVE (§5.5). */
  echoKeepAlive(): void {
    this.send(keepAlive());
  }
}

/**
 * One device connection (IOTMP.md §6): CONNECT and authentication, keep-alive and liveness,
 * requests in both directions matched by stream id, and streams. Pure state machine: bytes come
 * in through `receive`, frames go out through the injected `Link`, time through the `Scheduler`.
 * The session holds the state; the steps are functions of it in their own files: frames in
 * (sessionInput), the CONNECT (connectHandshake), deadlines and keep-alive (liveness), frames out
 * (SendPath), requests and streams (DeviceCalls).
 */
import {
  keepAlive,
  ok as okMessage,
  resourceFieldOf,
  type Message,
  type FrameParser,
  type ProtocolVersion,
  type PsonValue,
  type FrameSink,
  type RawFrame,
} from '../protocol';
import type { BrokerLimits } from './limits';
import type { Scheduler } from '../core/scheduler';
import type { DeadlineQueue } from './DeadlineQueue';
import type { FrameClock } from '../core/frameClock';
import {
  type DeviceIdentity,
  type SessionContext,
  type SessionHost,
  type ServerStream,
  type SessionState,
} from './types';
import type { Link } from '../core/link';
import type { LiveTraffic } from '../registry/deviceEntry';
import type { HistoryHolder } from '../inspector/FrameInspector';
import type { Reply } from '../core/reply';
import {
  sendClosed,
  sendDroppableFrame,
  sendFrame,
  type SendingSession,
  type Stall,
} from './SendPath';
import { DeviceCalls, offline, type CallingSession } from './DeviceCalls';
import { badFrameIn, frameIn, receiveBytes, type ReceivingSession } from './sessionInput';
import { armLiveness, deadlineReached, wholeMs, type LivenessSession } from './liveness';
import { fullBucket } from './frameRate';
import { splitKey } from '../contract/deviceKey';

/**
 * Every field here is paid by every connection (thousands of idle devices): rarely used state is
 * made when needed (the parser, DeviceCalls, a stall), what all sessions share is one context,
 * and times are whole milliseconds (`wholeMs`), small integers V8 keeps in the field itself
 * rather than a 16-byte number object each (docs/performance.md).
 */
export class Session
  implements
    ReceivingSession,
    SendingSession,
    CallingSession,
    LivenessSession,
    FrameSink,
    LiveTraffic,
    HistoryHolder
{
  // What a sample reads and writes comes first (V8 lays fields out in this order): two or three
  // cache lines of a cold session per frame rather than all four (docs/performance.md).
  state: SessionState = 'connecting';
  /** `user/device` once the CONNECT named it (cached: it keys every frame's bookkeeping). */
  key: string | null = null;
  pv: ProtocolVersion = 1;
  private readonly context: SessionContext;
  /** Only while a frame split across reads is being assembled (sessionInput.ts). */
  parser: FrameParser | null = null;
  /** When the last frame arrived (whole ms): the keep-alive check and the frame rate use it. */
  lastActivity: number;
  /** The inbound frame rate's token bucket (frameRate.ts, §10.1). */
  rateTokens: number;
  /**
   * This connection's traffic while online (the registry reads it: LiveTraffic) and where its
   * frames go in the inspector (HistoryHolder): per-device state every frame touches, kept in
   * the object that each frame touches anyway (docs/performance.md).
   */
  framesIn = 0;
  bytesIn = 0;
  seenAt = 0;
  inspectorSlot = -1;
  inspectorUid = 0;
  /** The stream of the last item and its id (STREAM_DATA's hot path; DeviceCalls keeps it). */
  lastStreamId = 0;
  lastStream: ServerStream | null = null;
  framesOut = 0;
  bytesOut = 0;
  readonly link: Link;
  /** Its place in the broker's list of open connections (OpenSessions). */
  openIndex = -1;
  /** Requests and streams in both directions, made on first use (most connections are idle). */
  private callsMade: DeviceCalls | null = null;
  /** In the broker's deadline queue: the CONNECT timeout, keep-alive check or refusal (§6.1, §6.2). */
  deadlineAt = 0;
  deadlineIndex = -1;
  /** A refused CONNECT's answer, sent when its delay is due (§6.1 step 6, liveness.ts). */
  refusal: { streamId: number; reason: string } | null = null;
  probing = false;
  badFrames = 0;
  /** Set while the peer does not read what is sent (SendPath.ts, D1). */
  stall: Stall | null = null;
  /** Frames dropped by the rate limit or back-pressure (shown in the registry). */
  droppedFrames = 0;
  /** Largest body this device accepts (IOTMP.md §9.1.7); its setting is applied once online. */
  maxOutboundBody: number;
  closeReason = '';
  closedByPeer = false;

  constructor(link: Link, context: SessionContext) {
    this.link = link;
    this.context = context;
    const { limits } = context;
    const now = wholeMs(this);
    this.lastActivity = now;
    this.maxOutboundBody = limits.maxOutboundBodySize;
    this.rateTokens = fullBucket(limits);
    // §6.1: a complete CONNECT must arrive within CONNECT_TIMEOUT.
    context.deadlines.set(this, now + limits.connectTimeoutMs);
  }

  /** The device the CONNECT named, read back from `key` (ids cannot contain `/`): no object each. */
  get identity(): DeviceIdentity | null {
    if (this.key === null) return null;
    const [user, device] = splitKey(this.key);
    return { user, device };
  }

  get host(): SessionHost {
    return this.context.host;
  }

  get scheduler(): Scheduler {
    return this.context.scheduler;
  }

  get limits(): BrokerLimits {
    return this.context.limits;
  }

  get deadlines(): DeadlineQueue {
    return this.context.deadlines;
  }

  get clock(): FrameClock {
    return this.context.clock;
  }

  /** The deadline of the current state came (the broker's deadline queue calls this). */
  deadlineDue(now: number): void {
    deadlineReached(this, now);
  }

  get isOnline(): boolean {
    return this.state === 'online';
  }

  /** This connection's requests and streams (DeviceCalls). */
  get calls(): DeviceCalls {
    return (this.callsMade ??= new DeviceCalls(this));
  }

  /** Streams the server opened, by stream id. */
  get serverStreams(): ReadonlyMap<number, ServerStream> {
    return this.calls.serverStreams;
  }

  /** The open server stream `id` (STREAM_DATA's hot path): the last item's without DeviceCalls. */
  serverStream(id: number): ServerStream | undefined {
    if (id === this.lastStreamId && this.lastStream !== null) return this.lastStream;
    return this.callsMade?.serverStream(id);
  }

  /** Forgets server stream `id` (the device ended it); what it was, if open. */
  removeServerStream(id: number): ServerStream | undefined {
    return this.callsMade?.removeServerStream(id);
  }

  /** Streams the device opened (event subscriptions), by stream id. */
  get deviceStreams(): Set<number> {
    return this.calls.deviceStreams;
  }

  /** Bytes from the transport (sessionInput.ts). */
  receive(chunk: Uint8Array): void {
    receiveBytes(this, chunk);
  }

  /** A whole frame from this connection's parser (FrameSink). */
  onFrame(raw: RawFrame): void {
    frameIn(this, raw);
  }

  /** Counts a frame that could not be used; a peer that only sends garbage is closed (§10.2). */
  badFrame(why: string, raw?: RawFrame): void {
    badFrameIn(this, why, raw);
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
    if (this.parser) this.parser.maxBodySize = this.limits.maxBodySize;
    this.send(okMessage(streamId));
    armLiveness(this);
    this.host.online(this);
  }

  /** §6.1 step 6: ERROR with reason 2, after a delay that grows with failures from the address. */
  rejectConnect(streamId: number | undefined, reason: string): void {
    this.state = 'authenticating'; // not online: frames meanwhile are ignored
    const delay = this.host.refused(this, reason);
    this.refusal = { streamId: streamId ?? 0, reason };
    this.deadlines.set(this, wholeMs(this) + Math.ceil(delay));
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
    stream: ServerStream,
  ): Promise<{ id: number; reply: Reply }> {
    if (this.state !== 'online') return Promise.reject(offline());
    return this.calls.openStream(resource, options, stream);
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

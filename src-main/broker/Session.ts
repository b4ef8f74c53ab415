/**
 * One device connection (IOTMP.md §6): CONNECT and authentication, keep-alive and liveness,
 * requests in both directions matched by stream id, and streams. Pure state machine: bytes come
 * in through `receive`, frames go out through the injected `Link`, time through the `Scheduler`.
 */
import {
  CONNECT_BAD_CREDENTIALS,
  Field,
  FrameParser,
  IotmpCodecError,
  MessageType,
  decodeBody,
  error as errorMessage,
  keepAlive,
  message,
  ok as okMessage,
  resourceFieldOf,
  run as runMessage,
  startStream as startStreamMessage,
  stopStream as stopStreamMessage,
  streamData as streamDataMessage,
  describe as describeMessage,
  streamIdOf,
  type Message,
  type ProtocolVersion,
  type PsonValue,
  type FrameSink,
  type RawFrame,
} from '../protocol';
import { BrokerError, BrokerErrorCode } from './errors';
import type { BrokerLimits } from './limits';
import type { Scheduler } from '../core/scheduler';
import type { Deadline, DeadlineQueue } from './DeadlineQueue';
import { dispatch, type DispatchTarget } from './dispatch';
import {
  deviceKey,
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
import { FrameRate } from './frameRate';
import { claimedIdentity, credentialsOf, decodeConnect, validCredentials } from './connectFrame';
import { SendPath, type SendingSession } from './SendPath';
import { OutboundRequests } from './OutboundRequests';
import { DescribeCache, readResource } from './resourceState';

export class Session
  implements DispatchTarget, SendingSession, Deadline, FrameSink, RecordedSession
{
  readonly id: number;
  readonly link: Link;
  readonly connectedAt: number;
  state: SessionState = 'connecting';
  identity: DeviceIdentity | null = null;
  /** `user/device` once the CONNECT named it (cached: it keys every frame's bookkeeping). */
  key: string | null = null;
  pv: ProtocolVersion = 1;

  // The collections below are made on first use: most connections are idle devices (or
  // anonymous sockets) that never need them, and an empty Map or Set costs ~200 bytes each.
  /** Server requests waiting for the device's OK/ERROR. */
  private requests: OutboundRequests | null = null;
  private serverStreamsMap: Map<number, ServerStream> | null = null;
  private deviceStreamsSet: Set<number> | null = null;
  /** Describe answers for this connection, by resource ('' = all). */
  private describeCache: DescribeCache | null = null;
  /** Device requests the server has not answered yet (their ids are in use, §6.3). */
  private answering: Set<number> | null = null;

  private readonly parser: FrameParser;
  private nextId = 1;
  private lastActivity: number;
  /** In the broker's deadline queue: the CONNECT timeout, keep-alive check or refusal (§6.1, §6.2). */
  deadlineAt = 0;
  deadlineIndex = -1;
  /** A refused CONNECT's answer, sent when its delay is due (§6.1 step 6). */
  private refusal: { streamId: number; reason: string } | null = null;
  private probing = false;
  private badFrames = 0;
  private readonly rate: FrameRate;
  /** Frames out, and the bound on what the peer leaves unread (D1). */
  private readonly out: SendPath;
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
    this.rate = new FrameRate(limits, this.connectedAt);
    this.out = new SendPath(this);
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

  /** Streams the server opened, by stream id. */
  get serverStreams(): Map<number, ServerStream> {
    return (this.serverStreamsMap ??= new Map());
  }

  /** Streams the device opened (event subscriptions), by stream id. */
  get deviceStreams(): Set<number> {
    return (this.deviceStreamsSet ??= new Set());
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
    const verdict = this.rate.take(now, raw.type);
    if (verdict !== 'take') {
      if (verdict === 'flood')
        this.close(`more than ${this.limits.maxFramesPerSecond} frames per second`);
      else this.droppedFrames++;
      this.host.frame(this, 'in', raw.bytes, null);
      return;
    }
    if (this.state === 'connecting') {
      this.onFirstFrame(raw);
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

  // CONNECT -------------------------------------------------------------------------------------

  private onFirstFrame(raw: RawFrame): void {
    // §6.1 step 2: the first frame must be CONNECT; otherwise close without a reply.
    if (raw.type !== MessageType.CONNECT) {
      this.host.frame(this, 'in', raw.bytes, null);
      this.close(`first frame is type ${raw.type}, not CONNECT`);
      return;
    }
    const decoded = decodeConnect(raw, this.limits);
    if (!decoded.ok) {
      this.host.frame(this, 'in', raw.bytes, null, decoded.error);
      this.rejectConnect(peekStreamId(raw.body), 'undecodable CONNECT');
      return;
    }
    const m = decoded.message;
    this.pv = decoded.pv;
    const streamId = streamIdOf(m) ?? 0;
    const creds = credentialsOf(m);
    // The claimed identity files the CONNECT (and a refusal) under the device in the inspector.
    const claimed = claimedIdentity(creds);
    if (claimed) {
      this.identity = claimed;
      this.key = deviceKey(claimed);
    }
    this.host.frame(this, 'in', raw.bytes, m);
    const valid = validCredentials(creds, this.limits.maxCredentialLength);
    if (!valid) {
      this.rejectConnect(streamId, 'CONNECT without [user, device, credential]');
      return;
    }
    const [user, device, credential] = valid;
    this.state = 'authenticating';
    this.deadlines.remove(this);
    const identity = { user, device };
    this.identity = identity;
    this.key = deviceKey(identity);
    this.host.authenticate(identity, credential, this).then(
      (accepted) => {
        if (this.state !== 'authenticating') return;
        if (!accepted) {
          this.rejectConnect(streamId, 'bad credentials');
          return;
        }
        this.state = 'online';
        this.parser.maxBodySize = this.limits.maxBodySize;
        // §6.1 step 5: the OK is the first frame the server sends.
        this.send(okMessage(streamId));
        this.armLiveness();
        this.host.online(this);
      },
      (e: unknown) => {
        if (this.state !== 'authenticating') return;
        this.host.log('warn', `credential check failed: ${String(e)}`, this);
        this.rejectConnect(streamId, 'credential check failed');
      },
    );
  }

  /** §6.1 step 6: ERROR with reason 2, after a delay that grows with failures from the address. */
  private rejectConnect(streamId: number | undefined, reason: string): void {
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
    const id = this.allocateId();
    if (id === undefined) {
      this.close('keep-alive timeout');
      return;
    }
    this.outbound()
      .request(
        id,
        message(MessageType.RUN, [[Field.STREAM_ID, id]]),
        this.limits.probeTimeoutMs,
        true,
      )
      .then(
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
    this.out.send(m);
  }

  /** Writes a stream item unless the device is not reading: samples are dropped first (§10.2). */
  sendDroppable(m: Message): boolean {
    return this.out.sendDroppable(m);
  }

  /** §6.3: ids 1…65535 not used by open streams or unanswered requests in either direction. */
  allocateId(): number | undefined {
    for (let tries = 0; tries < 65535; tries++) {
      const id = this.nextId;
      this.nextId = id === 65535 ? 1 : id + 1;
      if (
        !this.requests?.has(id) &&
        !this.serverStreamsMap?.has(id) &&
        !this.deviceStreamsSet?.has(id) &&
        !this.answering?.has(id)
      ) {
        return id;
      }
    }
    return undefined;
  }

  private outbound(): OutboundRequests {
    return (this.requests ??= new OutboundRequests(this.scheduler, (m) => this.send(m)));
  }

  /**
   * A server → device request with the bounds of §10.1 applied. The request's stream id is a
   * fresh one, or `fixedId` for STOP_STREAM, whose answer carries the stopped stream's id (§5.9).
   */
  private call(build: (id: number) => Message, fixedId?: number): Promise<Reply> {
    if (this.state !== 'online') return Promise.reject(offline());
    const inflight = this.requests?.inflight() ?? 0;
    if (inflight >= this.limits.maxInflightRequests) {
      return Promise.reject(
        new BrokerError(
          BrokerErrorCode.TOO_MANY_REQUESTS,
          `the device already has ${inflight} requests in progress; try again when they finish`,
        ),
      );
    }
    const id = fixedId ?? this.allocateId();
    if (id === undefined)
      return Promise.reject(new BrokerError(BrokerErrorCode.NO_STREAM_ID, 'no free stream id'));
    if (this.requests?.has(id)) {
      return Promise.reject(
        new BrokerError(
          BrokerErrorCode.BAD_REQUEST,
          `stream ${id} already has a request in progress`,
        ),
      );
    }
    return this.outbound().request(id, build(id), this.limits.requestTimeoutMs);
  }

  /** Answers from the device to our requests (OK/ERROR, §6.3). */
  settle(id: number, ok: boolean, m: Message): void {
    this.requests?.settle(id, ok, m);
  }

  // Server → device API (§6.4) ------------------------------------------------------------------

  /** DESCRIBE all resources, or one (§5.7, §7.2, §7.3), kept for the connection. */
  describe(resource?: string, refresh = false): Promise<Reply> {
    return (this.describeCache ??= new DescribeCache()).get(resource ?? '', refresh, () =>
      this.call((id) => describeMessage(this.pv, id, resource)),
    );
  }

  /** RUN a resource with optional input and parameters (§5.6). */
  async run(resource: string, input?: PsonValue, parameters?: PsonValue): Promise<Reply> {
    const reply = await this.call((id) => runMessage(id, resource, { payload: input, parameters }));
    if (input !== undefined) this.describeCache?.forget(resource);
    return reply;
  }

  /** A resource's current value (an input-only resource's state, §7.4). */
  read(resource: string): Promise<Reply> {
    return readResource(this, resource);
  }

  /**
   * START_STREAM (§5.8, §8.1): `intervalMs` > 0 for periodic sampling as `{"interval": ms}`,
   * 0 for an event stream; `parameters` replaces the map for session resources.
   */
  async openStream(
    resource: string,
    options: { intervalMs?: number; parameters?: PsonValue; bareInterval?: boolean },
    onItem: (payload: PsonValue) => void,
    onEnd: (end: StreamEnd) => void,
  ): Promise<{ id: number; reply: Reply }> {
    if (this.state !== 'online') throw offline();
    if (
      (this.serverStreamsMap?.size ?? 0) + (this.deviceStreamsSet?.size ?? 0) >=
      this.limits.maxStreams
    ) {
      throw new BrokerError(
        BrokerErrorCode.TOO_MANY_STREAMS,
        `the device already has ${this.limits.maxStreams} open streams`,
      );
    }
    const interval = options.intervalMs ?? 0;
    const params =
      options.parameters !== undefined
        ? options.parameters
        : interval > 0
          ? options.bareInterval
            ? interval // IOTMP-Embedded 1.0.1 reads only a bare number (§8.1, §9.5)
            : { interval }
          : undefined;
    let streamId = 0;
    const reply = await this.call((id) => {
      streamId = id;
      // Registered before the OK arrives: the first sample follows the OK at once (§8.1).
      this.serverStreams.set(id, { id, resource, onItem, onEnd });
      return startStreamMessage(this.pv, id, resource, params);
    }).catch((e: unknown) => {
      this.serverStreams.delete(streamId);
      throw e;
    });
    if (!reply.ok) this.serverStreams.delete(streamId);
    return { id: streamId, reply };
  }

  /** STOP_STREAM (§8.4); the stream is forgotten at once, late items are ignored (§8.2). */
  stopStream(id: number): Promise<Reply> {
    if (!this.serverStreamsMap?.delete(id)) return Promise.resolve({ ok: true });
    return this.call(() => stopStreamMessage(id), id).catch(() => ({ ok: false }));
  }

  /** Input over an open stream (§8.3); no answer. */
  streamInput(id: number, payload: PsonValue): void {
    if (this.serverStreamsMap?.has(id)) this.send(streamDataMessage(id, payload));
  }

  /** An item on a stream the device opened (event subscription, §6.6). */
  pushToDeviceStream(id: number, payload: PsonValue): boolean {
    if (!this.deviceStreamsSet?.has(id)) return false;
    return this.sendDroppable(streamDataMessage(id, payload));
  }

  /** Answers a device request later (after an async server resource), if still connected. */
  answerLater(
    id: number | undefined,
    work: Promise<{ ok: boolean; code?: number; payload?: PsonValue }>,
  ): void {
    if (id) (this.answering ??= new Set()).add(id);
    work.then(
      (a) => {
        if (!id) return;
        this.answering?.delete(id);
        if (this.state !== 'online') return;
        const extra = { parameters: a.code, payload: a.payload };
        try {
          this.send(a.ok ? okMessage(id, extra) : errorMessage(id, extra));
        } catch (e) {
          if (!(e instanceof BrokerError)) throw e;
          this.send(errorMessage(id, { payload: { error: e.message } }));
        }
      },
      (e: unknown) => {
        if (!id) return;
        this.answering?.delete(id);
        if (this.state === 'online')
          this.send(errorMessage(id, { payload: { error: String((e as Error)?.message ?? e) } }));
      },
    );
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
    this.out.closed();
    this.link.close();
    this.requests?.failAll(reason);
    if (this.serverStreamsMap && this.serverStreamsMap.size > 0) {
      const streams = [...this.serverStreamsMap.values()];
      this.serverStreamsMap.clear();
      for (const s of streams) s.onEnd({ by: 'disconnect', reason });
    }
    if (this.deviceStreamsSet) {
      for (const id of this.deviceStreamsSet) this.host.deviceStreamClosed(this, id);
      this.deviceStreamsSet.clear();
    }
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

function offline(): BrokerError {
  return new BrokerError(BrokerErrorCode.DEVICE_OFFLINE, 'the device is not connected');
}

/** The stream id of a body that failed to decode, if field 1 comes first and reads (§10.2). */
function peekStreamId(body: Uint8Array): number | undefined {
  if (body.length < 2 || body[0] !== 0x08) return undefined;
  let value = 0;
  for (let i = 1, shift = 0; i < 4; i++, shift += 7) {
    const b = body[i];
    if (b === undefined) break;
    value |= (b & 0x7f) << shift;
    if (b < 0x80) return value > 0 && value <= 0xffff ? value : undefined;
  }
  return undefined;
}

/**
 * The requests and streams of one online connection, matched by stream id (IOTMP.md §6.3–§6.6,
 * §8): server → device requests (DESCRIBE, RUN, START/STOP_STREAM) with the bounds of §10.1,
 * the streams either side opened, and device requests still waiting for the server's answer.
 * Made on first use: most connections are idle devices that never need any of it.
 */
import {
  Field,
  MessageType,
  error as errorMessage,
  message,
  ok as okMessage,
  run as runMessage,
  startStream as startStreamMessage,
  stopStream as stopStreamMessage,
  streamData as streamDataMessage,
  describe as describeMessage,
  type Message,
  type ProtocolVersion,
  type PsonValue,
} from '../protocol';
import { BrokerError, BrokerErrorCode } from './errors';
import type { BrokerLimits } from './limits';
import type { Scheduler } from '../core/scheduler';
import type { Reply } from '../core/reply';
import type { ServerStream, SessionHost, SessionInfo } from './types';
import { OutboundRequests } from './OutboundRequests';
import { DescribeCache, readResource } from './resourceState';

/** What the calls need of their connection (a `Session`). */
export interface CallingSession extends SessionInfo {
  readonly host: SessionHost;
  readonly scheduler: Scheduler;
  readonly limits: BrokerLimits;
  readonly pv: ProtocolVersion;
  send(m: Message): void;
  sendDroppable(m: Message): boolean;
  /**
   * The stream of the last item and its id, kept by the session itself: a device sends its
   * samples on one stream id after another, so most items are found there without reaching
   * this object or its map (two cold objects fewer per sample). Written only here.
   */
  lastStreamId: number;
  lastStream: ServerStream | null;
}

export class DeviceCalls {
  /** Server requests waiting for the device's OK/ERROR. */
  private requests: OutboundRequests | null = null;
  private serverStreamsMap: Map<number, ServerStream> | null = null;
  private deviceStreamsSet: Set<number> | null = null;
  /** Describe answers for this connection, by resource ('' = all). */
  private describeCache: DescribeCache | null = null;
  /** Device requests the server has not answered yet (their ids are in use, §6.3). */
  private answering: Set<number> | null = null;
  private nextId = 1;

  constructor(private readonly session: CallingSession) {}

  /** Streams the server opened, by stream id (removed through `removeServerStream`). */
  get serverStreams(): ReadonlyMap<number, ServerStream> {
    return (this.serverStreamsMap ??= new Map());
  }

  /** The open server stream `id`, if any; remembered as the session's last (its hot path). */
  serverStream(id: number): ServerStream | undefined {
    const stream = this.serverStreamsMap?.get(id);
    if (stream !== undefined) {
      this.session.lastStreamId = id;
      this.session.lastStream = stream;
    }
    return stream;
  }

  /** Forgets server stream `id`; what it was, if it was open. */
  removeServerStream(id: number): ServerStream | undefined {
    const streams = this.serverStreamsMap;
    const stream = streams?.get(id);
    if (streams === null || stream === undefined) return undefined;
    streams.delete(id);
    // By id: one receiver may serve several streams (see ServerStream).
    if (this.session.lastStreamId === id) this.session.lastStream = null;
    return stream;
  }

  /** Streams the device opened (event subscriptions), by stream id. */
  get deviceStreams(): Set<number> {
    return (this.deviceStreamsSet ??= new Set());
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
    return (this.requests ??= new OutboundRequests(this.session.scheduler, (m) =>
      this.session.send(m),
    ));
  }

  /**
   * §6.2 (recommendation): the keep-alive probe, a RUN without RESOURCE, which every client
   * answers with ERROR. Resolves when answered; rejects on timeout; undefined without a free id.
   */
  probe(timeoutMs: number): Promise<Reply> | undefined {
    const id = this.allocateId();
    if (id === undefined) return undefined;
    return this.outbound().request(
      id,
      message(MessageType.RUN, [[Field.STREAM_ID, id]]),
      timeoutMs,
      true,
    );
  }

  /**
   * A server → device request with the bounds of §10.1 applied. The request's stream id is a
   * fresh one, or `fixedId` for STOP_STREAM, whose answer carries the stopped stream's id (§5.9).
   */
  private call(build: (id: number) => Message, fixedId?: number): Promise<Reply> {
    const { state, limits } = this.session;
    if (state !== 'online') return Promise.reject(offline());
    const inflight = this.requests?.inflight() ?? 0;
    if (inflight >= limits.maxInflightRequests) {
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
    return this.outbound().request(id, build(id), limits.requestTimeoutMs);
  }

  /** Answers from the device to our requests (OK/ERROR, §6.3). */
  settle(id: number, ok: boolean, m: Message): void {
    this.requests?.settle(id, ok, m);
  }

  // Server → device API (§6.4) ------------------------------------------------------------------

  /** DESCRIBE all resources, or one (§5.7, §7.2, §7.3), kept for the connection. */
  describe(resource?: string, refresh = false): Promise<Reply> {
    return (this.describeCache ??= new DescribeCache()).get(resource ?? '', refresh, () =>
      this.call((id) => describeMessage(this.session.pv, id, resource)),
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

  /** START_STREAM (§5.8, §8.1): see `Session.openStream`. */
  async openStream(
    resource: string,
    options: { intervalMs?: number; parameters?: PsonValue; bareInterval?: boolean },
    stream: ServerStream,
  ): Promise<{ id: number; reply: Reply }> {
    const { state, limits, pv } = this.session;
    if (state !== 'online') throw offline();
    if (
      (this.serverStreamsMap?.size ?? 0) + (this.deviceStreamsSet?.size ?? 0) >=
      limits.maxStreams
    ) {
      throw new BrokerError(
        BrokerErrorCode.TOO_MANY_STREAMS,
        `the device already has ${limits.maxStreams} open streams`,
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
      (this.serverStreamsMap ??= new Map()).set(id, stream);
      return startStreamMessage(pv, id, resource, params);
    }).catch((e: unknown) => {
      this.removeServerStream(streamId);
      throw e;
    });
    if (!reply.ok) this.removeServerStream(streamId);
    return { id: streamId, reply };
  }

  /** STOP_STREAM (§8.4); the stream is forgotten at once, late items are ignored (§8.2). */
  stopStream(id: number): Promise<Reply> {
    if (!this.removeServerStream(id)) return Promise.resolve({ ok: true });
    return this.call(() => stopStreamMessage(id), id).catch(() => ({ ok: false }));
  }

  /** Input over an open stream (§8.3); no answer. */
  streamInput(id: number, payload: PsonValue): void {
    if (this.serverStreamsMap?.has(id)) this.session.send(streamDataMessage(id, payload));
  }

  /** An item on a stream the device opened (event subscription, §6.6). */
  pushToDeviceStream(id: number, payload: PsonValue): boolean {
    if (!this.deviceStreamsSet?.has(id)) return false;
    return this.session.sendDroppable(streamDataMessage(id, payload));
  }

  /** Answers a device request later (after an async server resource), if still connected. */
  answerLater(
    id: number | undefined,
    work: Promise<{ ok: boolean; code?: number; payload?: PsonValue }>,
  ): void {
    const s = this.session;
    if (id) (this.answering ??= new Set()).add(id);
    work.then(
      (a) => {
        if (!id) return;
        this.answering?.delete(id);
        if (s.state !== 'online') return;
        const extra = { parameters: a.code, payload: a.payload };
        try {
          s.send(a.ok ? okMessage(id, extra) : errorMessage(id, extra));
        } catch (e) {
          if (!(e instanceof BrokerError)) throw e;
          s.send(errorMessage(id, { payload: { error: e.message } }));
        }
      },
      (e: unknown) => {
        if (!id) return;
        this.answering?.delete(id);
        if (s.state === 'online')
          s.send(errorMessage(id, { payload: { error: String((e as Error)?.message ?? e) } }));
      },
    );
  }

  /** The connection closed (§6.7): pending requests fail, streams end, the host is told. */
  closed(reason: string): void {
    this.requests?.failAll(reason);
    if (this.serverStreamsMap && this.serverStreamsMap.size > 0) {
      const streams = [...this.serverStreamsMap];
      this.serverStreamsMap.clear();
      this.session.lastStream = null;
      for (const [id, s] of streams) s.end({ by: 'disconnect', reason }, id);
    }
    if (this.deviceStreamsSet) {
      for (const id of this.deviceStreamsSet)
        this.session.host.deviceStreamClosed(this.session, id);
      this.deviceStreamsSet.clear();
    }
  }
}

export function offline(): BrokerError {
  return new BrokerError(BrokerErrorCode.DEVICE_OFFLINE, 'the device is not connected');
}

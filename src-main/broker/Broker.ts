/**
 * The embedded IoTMP broker: accepts device connections from any transport, authenticates them,
 * keeps the one live session per device (newest wins, §6.1), and offers describe/run/stream to
 * the UI and the API. Pure of I/O: transports attach `Link`s, storage and credentials are
 * injected behind small interfaces.
 */
import type { PsonValue } from '../protocol';
import type { FrameInspector } from '../inspector/FrameInspector';
import type { DeviceRegistry } from '../registry/DeviceRegistry';
import type { ConsumerOptions, StreamHub, Subscription } from '../streams/StreamHub';
import type { LiveSessions } from './LiveSessions';
import type { RefusalLog } from './RefusalLog';
import { BrokerError, BrokerErrorCode } from './errors';
import { DEFAULT_BROKER_LIMITS, type BrokerLimits } from './limits';
import type { Scheduler } from '../core/scheduler';
import type { Reply } from '../core/reply';
import type { Link } from '../core/link';
import { Session } from './Session';
import {
  deviceKey,
  type Answer,
  type DeviceCall,
  type DeviceIdentity,
  type Direction,
  type RecordedSession,
  type SessionContext,
  type SessionHost,
  type SessionInfo,
} from './types';
import type { IotmpCodecError, Message } from '../protocol';
import {
  NO_SERVER_RESOURCES,
  type BrokerOptions,
  type BrokerParts,
  type ServerResources,
} from './brokerPorts';
import { RejectionList, type Rejection } from './RejectionList';
import { ConnectAuth } from './ConnectAuth';
import { FrameRecorder } from './FrameRecorder';
import { ConnectRate } from './ConnectRate';
import { DeadlineQueue } from './DeadlineQueue';
import { FrameClock } from '../core/frameClock';
import { refusedAttach, replaceOlder } from './admission';
import { OpenSessions } from './OpenSessions';

export class Broker implements SessionHost {
  readonly limits: BrokerLimits;
  readonly registry: DeviceRegistry;
  readonly inspector: FrameInspector;
  readonly streams: StreamHub;
  private readonly scheduler: Scheduler;
  private readonly wallNow: () => number;
  private readonly refusals: RefusalLog;
  private readonly replacements: RefusalLog;
  /** Every open connection (the host's callbacks name a session by its info). */
  private readonly sessions = new OpenSessions<Session>();
  private readonly live: LiveSessions;
  private readonly connectRate: ConnectRate;
  /** Refused and replaced connections, for the admin view. */
  private readonly rejected: RejectionList;
  private readonly auth: ConnectAuth;
  private readonly recorder: FrameRecorder;
  /** What devices may call and subscribe to on the server (server resources). */
  private readonly resources: ServerResources;
  /**
   * What every session shares (one object rather than four fields per connection), with the
   * one deadline queue for every connection's CONNECT timeout, keep-alive check and refusal.
   */
  private readonly sessionContext: SessionContext;
  private stopped = false;

  /** The parts come from the composition root (app/Studio.ts); tests build their own. */
  constructor(
    private readonly options: BrokerOptions,
    parts: BrokerParts,
  ) {
    this.limits = { ...DEFAULT_BROKER_LIMITS, ...options.limits };
    this.rejected = new RejectionList(this.limits.rejectionsKept);
    this.connectRate = new ConnectRate(this.limits.maxConnectsPerSecondPerAddress);
    this.scheduler = options.scheduler;
    const clock = options.clock ?? new FrameClock(Date.now);
    this.wallNow = clock.now;
    this.refusals = parts.refusals;
    this.replacements = parts.replacements;
    this.registry = parts.registry;
    this.inspector = parts.inspector;
    this.streams = parts.streams;
    this.live = parts.live;
    this.auth = new ConnectAuth(
      options,
      parts.throttle,
      parts.refusals,
      this.rejected,
      this.scheduler,
      this.wallNow,
      (level, message) => this.log(level, message),
    );
    this.recorder = new FrameRecorder(parts.registry, parts.inspector, parts.live);
    this.resources = options.resources ?? NO_SERVER_RESOURCES;
    this.sessionContext = {
      host: this,
      scheduler: this.scheduler,
      limits: this.limits,
      deadlines: new DeadlineQueue(this.scheduler),
      clock,
    };
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /**
   * A transport accepted a connection. Returns the session to feed bytes to, or null when the
   * connection must be refused (capacity, or too many new connections from that address).
   */
  attach(link: Link): Session | null {
    if (this.stopped) return null;
    const refused = refusedAttach(
      this.sessions.size,
      this.limits,
      this.connectRate,
      link.remoteAddress,
      this.scheduler.now(),
    );
    if (refused) {
      this.log('warn', refused);
      return null;
    }
    const session = new Session(link, this.sessionContext);
    this.sessions.add(session);
    return session;
  }

  /** The session `info` names, while it is open. */
  private open(info: SessionInfo): Session | null {
    return info instanceof Session && this.sessions.has(info) ? info : null;
  }

  // SessionHost -----------------------------------------------------------------------------------

  authenticate(
    identity: DeviceIdentity,
    credential: string,
    session: SessionInfo,
  ): Promise<boolean> {
    return this.auth.authenticate(identity, credential, session);
  }

  refused(session: SessionInfo, reason: string): number {
    return this.auth.refused(session, reason);
  }

  /** Refused connections since start, oldest first (one entry per address, identity, reason). */
  rejections(): Rejection[] {
    return this.rejected.list();
  }

  online(info: SessionInfo): void {
    const session = this.open(info);
    if (!session?.identity) return;
    const { identity } = session;
    // The session's own key string: the registry, the live map and the inspector share it.
    const key = session.key ?? deviceKey(identity);
    session.maxOutboundBody = this.frameLimitOf(key);
    const previous = this.live.get(key);
    this.live.set(key, session);
    // §6.1 (recommendation): the newest connection wins (admission.ts).
    if (previous && previous !== session)
      replaceOlder(previous, session, key, identity, {
        replacements: this.replacements,
        rejected: this.rejected,
        time: this.wallNow(),
      });
    this.registry.online(
      key,
      {
        remoteAddress: session.link.remoteAddress,
        transport: session.link.transport,
        pv: session.pv,
      },
      session,
    );
    this.log(
      'info',
      `${key} online from ${session.link.remoteAddress} over ${session.link.transport} (pv${session.pv})`,
    );
    this.streams.deviceOnline(key);
  }

  offline(info: SessionInfo, reason: string): void {
    const session = this.open(info);
    if (!session) return;
    this.sessions.delete(session);
    this.auth.closed(session);
    if (!session.identity) return;
    const key = session.key ?? deviceKey(session.identity);
    if (this.live.get(key) !== session) return;
    this.live.delete(key);
    this.registry.offline(key, reason, session.closedByPeer);
    this.streams.deviceOffline(key, reason);
    this.log('info', `${key} offline: ${reason}`);
  }

  deviceCall(info: SessionInfo, call: DeviceCall): Promise<Answer> {
    // Device requests are dispatched only once the session is online, so identity is set.
    if (!info.identity) return Promise.resolve({ ok: false });
    return this.resources.call(info.identity, call, this);
  }

  deviceSubscribe(info: SessionInfo, streamId: number, spec: PsonValue): Promise<Answer> {
    const session = this.open(info);
    if (!session?.identity) return Promise.resolve({ ok: false });
    return this.resources.subscribe(session.identity, streamId, spec, (payload) =>
      session.pushToDeviceStream(streamId, payload),
    );
  }

  deviceStreamItem(info: SessionInfo, streamId: number, payload: PsonValue): void {
    if (info.identity) this.resources.publish?.(info.identity, streamId, payload);
  }

  deviceStreamClosed(info: SessionInfo, streamId: number): void {
    if (info.identity) this.resources.unsubscribe(info.identity, streamId);
  }

  frame(
    info: RecordedSession,
    direction: Direction,
    bytes: Uint8Array,
    m: Message | null,
    error?: IotmpCodecError,
  ): void {
    this.recorder.frame(info, direction, bytes, m, error);
  }

  log(level: 'info' | 'warn', message: string, session?: SessionInfo): void {
    const who = session
      ? session.identity
        ? deviceKey(session.identity)
        : session.link.remoteAddress
      : '';
    this.options.log?.(level, who ? `${who}: ${message}` : message);
  }

  // The API for the UI and scripts ---------------------------------------------------------------

  /** Largest body sent to this device: its setting, or the §9.1.7 default. */
  frameLimitOf(key: string): number {
    return this.options.frameLimitOf?.(key) ?? this.limits.maxOutboundBodySize;
  }

  /** The device's frame limit setting changed: a live connection uses it at once. */
  frameLimitChanged(user: string, device: string): void {
    const s = this.session(user, device);
    if (s) s.maxOutboundBody = this.frameLimitOf(deviceKey({ user, device }));
  }

  session(user: string, device: string): Session | undefined {
    return this.live.get(deviceKey({ user, device }));
  }

  private require(user: string, device: string): Session {
    const s = this.session(user, device);
    if (!s)
      throw new BrokerError(BrokerErrorCode.DEVICE_OFFLINE, `${user}/${device} is not connected`);
    return s;
  }

  /** Round trip measured on API requests, for the registry. */
  private async timed(
    user: string,
    device: string,
    op: (s: Session) => Promise<Reply>,
  ): Promise<Reply> {
    const s = this.require(user, device);
    const t0 = this.scheduler.now();
    const reply = await op(s);
    this.registry.roundTrip(deviceKey({ user, device }), this.scheduler.now() - t0);
    return reply;
  }

  /** DESCRIBE, answered from the connection's cache unless `refresh` (§5.7). */
  describe(user: string, device: string, resource?: string, refresh = false): Promise<Reply> {
    return this.timed(user, device, (s) => s.describe(resource, refresh));
  }

  run(
    user: string,
    device: string,
    resource: string,
    input?: PsonValue,
    parameters?: PsonValue,
  ): Promise<Reply> {
    return this.timed(user, device, (s) => s.run(resource, input, parameters));
  }

  /** A resource's current value (an input-only resource's state, §7.4): see Session.read. */
  read(user: string, device: string, resource: string): Promise<Reply> {
    return this.timed(user, device, (s) => s.read(resource));
  }

  /** A stream consumer: samples of `resource` at `intervalMs` (0 = every sample). */
  subscribe(
    user: string,
    device: string,
    resource: string,
    options: ConsumerOptions,
  ): Subscription {
    return this.streams.subscribe(deviceKey({ user, device }), resource, options);
  }

  /** Closes every connection (devices see the socket close and reconnect later). */
  stop(reason = 'broker stopping'): void {
    this.stopped = true;
    this.refusals.flush();
    this.replacements.flush();
    for (const s of this.sessions.list()) s.close(reason);
  }
}

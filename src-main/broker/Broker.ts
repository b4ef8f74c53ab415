/**
 * The embedded IoTMP broker: accepts device connections from any transport, authenticates them,
 * keeps the one live session per device (newest wins, §6.1), and offers describe/run/stream to
 * the UI and the API. Pure of I/O: transports attach `Link`s, storage and credentials are
 * injected behind small interfaces.
 */
import { BoundedMap } from '../contract/BoundedMap';
import type { PsonValue } from '../protocol';
import type { FrameInspector } from '../inspector/FrameInspector';
import type { DeviceRegistry } from '../registry/DeviceRegistry';
import type { ConsumerOptions, StreamHub, Subscription } from '../streams/StreamHub';
import type { AuthThrottle, Release } from './AuthThrottle';
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
  type SessionHost,
  type SessionInfo,
} from './types';
import { encodeFrame, MessageType, type IotmpCodecError, type Message } from '../protocol';
import { redactConnect } from '../inspector/redact';

/** Checks device credentials (backed by the SQLite store in the app). */
export interface CredentialVerifier {
  /**
   * `accepted`, `rejected`, or `unknown` when no such device exists. `signal` aborts when the
   * connection closes: a check still waiting its turn is then dropped unrun (D5).
   */
  verify(
    identity: DeviceIdentity,
    credential: string,
    signal?: AbortSignal,
  ): Promise<'accepted' | 'rejected' | 'unknown'>;
  /**
   * Whether this credential already verified for this device (a memory cache, no slow hash):
   * such a device skips the guessing throttle's queue, so guesses never hold its owner back.
   */
  verifyCached?(identity: DeviceIdentity, credential: string): boolean;
  /** Registers an unknown device on first connection when "accept new devices" is on. */
  register?(identity: DeviceIdentity, credential: string): Promise<void>;
}

/** A connection refused at CONNECT, for the admin view's "Rejected connections". */
export interface Rejection {
  /** Wall-clock time of the latest attempt. */
  time: number;
  address: string;
  user: string;
  device: string;
  reason: 'unknown-device' | 'wrong-credential' | 'replaced';
  /** Attempts with the same address, identity and reason (devices retry forever, §6.1). */
  attempts: number;
}

/** Another device of the broker, for a device → device call (§6.5 CALL_DEVICE). */
export interface DeviceRunner {
  run(user: string, device: string, resource: string, input?: PsonValue): Promise<Reply>;
}

/** Server-side resources that devices call (§6.5, §6.6). */
export interface ServerResources {
  /** `devices` reaches the other connected devices (passed per call: no cycle to wire). */
  call(identity: DeviceIdentity, call: DeviceCall, devices: DeviceRunner): Promise<Answer>;
  subscribe(
    identity: DeviceIdentity,
    streamId: number,
    spec: PsonValue,
    push: (payload: PsonValue) => boolean,
  ): Promise<Answer>;
  unsubscribe(identity: DeviceIdentity, streamId: number): void;
  publish?(identity: DeviceIdentity, streamId: number, payload: PsonValue): void;
}

/** A server resource set that answers every call with ERROR (no resources configured). */
const NO_SERVER_RESOURCES: ServerResources = {
  call: () => Promise.resolve({ ok: false }),
  subscribe: () => Promise.resolve({ ok: false }),
  unsubscribe: () => {},
};

export interface BrokerOptions {
  scheduler: Scheduler;
  wallNow?: () => number;
  limits?: Partial<BrokerLimits>;
  credentials: CredentialVerifier;
  /** "Accept new devices" (commissioning): unknown devices are registered on first CONNECT. */
  acceptNewDevices?: () => boolean;
  resources?: ServerResources;
  /** A device's own outbound frame limit when it is known to accept more (IOTMP.md §9.1.7). */
  frameLimitOf?: (key: string) => number | undefined;
  log?: (level: 'info' | 'warn', message: string) => void;
}

/** The broker's collaborators, built outside it (and shared with whoever else needs them). */
export interface BrokerParts {
  registry: DeviceRegistry;
  inspector: FrameInspector;
  streams: StreamHub;
  throttle: AuthThrottle;
  /** The one live session per device; the stream hub reads it too. */
  live: LiveSessions;
  /** Refused connections, one log line per address and window. */
  refusals: RefusalLog;
  /** Connections replaced by a newer one of the same device, logged the same way. */
  replacements: RefusalLog;
}

export class Broker implements SessionHost {
  readonly limits: BrokerLimits;
  readonly registry: DeviceRegistry;
  readonly inspector: FrameInspector;
  readonly streams: StreamHub;
  private readonly scheduler: Scheduler;
  private readonly wallNow: () => number;
  private readonly throttle: AuthThrottle;
  private readonly refusals: RefusalLog;
  private readonly replacements: RefusalLog;
  /** Credential checks holding their throttle slots until answered (a refusal's delay too). */
  private readonly attempts = new WeakMap<SessionInfo, Release>();
  /** Aborted when the connection closes during its credential check (no hash for a gone peer). */
  private readonly checks = new WeakMap<SessionInfo, AbortController>();
  /** Why a CONNECT was refused, for the one log line (set by authenticate). */
  private readonly refusalDetail = new WeakMap<SessionInfo, string>();
  /** Every open connection by session id (the host's callbacks name a session by its info). */
  private readonly sessions = new Map<number, Session>();
  private readonly live: LiveSessions;
  private readonly connectsByAddress = new BoundedMap<
    string,
    { windowStart: number; count: number }
  >(10_000);
  /** Refused connections by address + identity + reason, oldest first (bounded). */
  private readonly rejected: BoundedMap<string, Rejection>;
  private nextSessionId = 1;
  private stopped = false;

  /** The parts come from the composition root (app/Studio.ts); tests build their own. */
  constructor(
    private readonly options: BrokerOptions,
    parts: BrokerParts,
  ) {
    this.limits = { ...DEFAULT_BROKER_LIMITS, ...options.limits };
    this.rejected = new BoundedMap(this.limits.rejectionsKept);
    this.scheduler = options.scheduler;
    this.wallNow = options.wallNow ?? (() => Date.now());
    this.throttle = parts.throttle;
    this.refusals = parts.refusals;
    this.replacements = parts.replacements;
    this.registry = parts.registry;
    this.inspector = parts.inspector;
    this.streams = parts.streams;
    this.live = parts.live;
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
    if (this.sessions.size >= this.limits.maxConnections) {
      this.log(
        'warn',
        `refused ${link.remoteAddress}: ${this.limits.maxConnections} connections already open`,
      );
      return null;
    }
    if (!this.admitAddress(link.remoteAddress)) {
      this.log(
        'warn',
        `refused ${link.remoteAddress}: more than ${this.limits.maxConnectsPerSecondPerAddress} new connections per second`,
      );
      return null;
    }
    const session = new Session(this.nextSessionId++, link, this, this.scheduler, this.limits);
    this.sessions.set(session.id, session);
    return session;
  }

  /** Fixed one-second windows per address; bounded map (a flood of addresses evicts oldest). */
  private admitAddress(address: string): boolean {
    const now = this.scheduler.now();
    const w = this.connectsByAddress.get(address);
    if (!w || now - w.windowStart >= 1000) {
      this.connectsByAddress.set(address, { windowStart: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.limits.maxConnectsPerSecondPerAddress;
  }

  // SessionHost -----------------------------------------------------------------------------------

  async authenticate(
    identity: DeviceIdentity,
    credential: string,
    session: SessionInfo,
  ): Promise<boolean> {
    const address = session.link.remoteAddress;
    const key = deviceKey(identity);
    if (this.options.credentials.verifyCached?.(identity, credential)) {
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
      verdict = await this.options.credentials.verify(identity, credential, check.signal);
      if (
        verdict === 'unknown' &&
        this.options.acceptNewDevices?.() &&
        this.options.credentials.register
      ) {
        await this.options.credentials.register(identity, credential);
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
    this.remember({
      time: this.wallNow(),
      address,
      user: identity.user,
      device: identity.device,
      reason: verdict === 'unknown' ? 'unknown-device' : 'wrong-credential',
    });
    return false;
  }

  private endAttempt(session: SessionInfo): void {
    this.checks.delete(session);
    this.attempts.get(session)?.();
    this.attempts.delete(session);
  }

  private remember(r: Omit<Rejection, 'attempts'>): void {
    const key = JSON.stringify([r.address, r.user, r.device, r.reason]);
    const previous = this.rejected.get(key);
    this.rejected.set(key, { ...r, attempts: (previous?.attempts ?? 0) + 1 });
  }

  /** Refused connections since start, oldest first (one entry per address, identity, reason). */
  rejections(): Rejection[] {
    return [...this.rejected.values()];
  }

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

  online(info: SessionInfo): void {
    const session = this.sessions.get(info.id);
    if (!session?.identity) return;
    const { identity } = session;
    const key = deviceKey(identity);
    session.maxOutboundBody = this.frameLimitOf(key);
    const previous = this.live.get(key);
    this.live.set(key, session);
    // §6.1 (recommendation): the newest connection wins; the old one is probably half-open, or
    // a second board shares the identity (they then knock each other off: say so, aggregated).
    if (previous && previous !== session) {
      const from = session.link.remoteAddress;
      previous.close(`replaced by a newer connection from ${from}`);
      this.replacements.refused(
        key,
        `${key} from ${previous.link.remoteAddress} was replaced by a newer connection from ${from}${previous.link.remoteAddress === from ? '' : ' (two devices with the same identity?)'}`,
      );
      this.remember({
        time: this.wallNow(),
        address: previous.link.remoteAddress,
        user: identity.user,
        device: identity.device,
        reason: 'replaced',
      });
    }
    this.registry.online(key, identity.user, identity.device, {
      remoteAddress: session.link.remoteAddress,
      transport: session.link.transport,
      pv: session.pv,
    });
    this.log(
      'info',
      `${key} online from ${session.link.remoteAddress} over ${session.link.transport} (pv${session.pv})`,
    );
    this.streams.deviceOnline(key);
  }

  offline(info: SessionInfo, reason: string): void {
    const session = this.sessions.get(info.id);
    if (!session) return;
    this.sessions.delete(info.id);
    this.checks.get(session)?.abort();
    this.endAttempt(session);
    if (!session.identity) return;
    const key = deviceKey(session.identity);
    if (this.live.get(key) !== session) return;
    this.live.delete(key);
    this.registry.offline(key, reason, session.closedByPeer);
    this.streams.deviceOffline(key, reason);
    this.log('info', `${key} offline: ${reason}`);
  }

  deviceCall(info: SessionInfo, call: DeviceCall): Promise<Answer> {
    // Device requests are dispatched only once the session is online, so identity is set.
    if (!info.identity) return Promise.resolve({ ok: false });
    return (this.options.resources ?? NO_SERVER_RESOURCES).call(info.identity, call, this);
  }

  deviceSubscribe(info: SessionInfo, streamId: number, spec: PsonValue): Promise<Answer> {
    const session = this.sessions.get(info.id);
    if (!session?.identity) return Promise.resolve({ ok: false });
    return (this.options.resources ?? NO_SERVER_RESOURCES).subscribe(
      session.identity,
      streamId,
      spec,
      (payload) => session.pushToDeviceStream(streamId, payload),
    );
  }

  deviceStreamItem(info: SessionInfo, streamId: number, payload: PsonValue): void {
    if (info.identity) this.options.resources?.publish?.(info.identity, streamId, payload);
  }

  deviceStreamClosed(info: SessionInfo, streamId: number): void {
    if (info.identity)
      (this.options.resources ?? NO_SERVER_RESOURCES).unsubscribe(info.identity, streamId);
  }

  frame(
    info: SessionInfo,
    direction: Direction,
    bytes: Uint8Array,
    m: Message | null,
    error?: IotmpCodecError,
  ): void {
    // Frames before a CONNECT names a device are filed under the address.
    const key = info.key ?? `@${info.link.remoteAddress}`;
    // Another connection's handshake (a refused guess, a duplicate board) is not the online
    // device's traffic; the inspector still shows it under the device.
    // (Looked up only off the hot path: an online session's frames are always its own.)
    let mine = info.state === 'online';
    if (!mine) {
      const live = this.live.get(key);
      mine = !live || live === info;
    }
    if (mine) {
      if (m?.type === MessageType.CONNECT && direction === 'in') this.registry.connecting(key);
      this.registry.traffic(key, direction, bytes.length);
    }
    if (m?.type === MessageType.CONNECT) {
      // The inspector is shown in the UI and served by the API: never the device's credential.
      const redacted = redactConnect(m);
      this.inspector.record(
        key,
        direction,
        encodeFrame(redacted, info.pv),
        redacted,
        error,
        undefined,
        info.pv,
      );
    } else if (!m && info.state !== 'online') {
      // An undecodable frame before authentication may hold a credential: keep its header only.
      this.inspector.record(key, direction, bytes.subarray(0, 2), null, error, bytes.length);
    } else {
      this.inspector.record(key, direction, bytes, m, error, bytes.length, info.pv);
    }
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
    for (const s of [...this.sessions.values()]) s.close(reason);
    this.sessions.clear();
  }
}

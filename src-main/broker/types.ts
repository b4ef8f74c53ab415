import type { IotmpCodecError, Message, ProtocolVersion, PsonValue } from '../protocol';
import type { Link } from '../core/link';
import type { StreamEnd } from '../core/streamEnd';
import type { FrameClock } from '../core/frameClock';
import type { LiveTraffic } from '../registry/deviceEntry';
import type { HistoryHolder } from '../inspector/FrameInspector';
import type { Scheduler } from '../core/scheduler';
import type { BrokerLimits } from './limits';
import type { DeadlineQueue } from './DeadlineQueue';

/** A device's identity: the first two elements of its CONNECT credentials (IOTMP.md §5.3). */
export interface DeviceIdentity {
  user: string;
  device: string;
}

export { deviceKey } from '../contract/deviceKey';

/** A device → server request (RUN with an action code, IOTMP.md §6.5). */
export interface DeviceCall {
  action: number;
  target: PsonValue;
  data: PsonValue;
  /** Whether the device waits for an answer (field 1 present). */
  wantsAnswer: boolean;
}

/** How the server answers a device request: OK or ERROR with optional code and payload. */
export interface Answer {
  ok: boolean;
  code?: number;
  payload?: PsonValue;
}

export type Direction = 'in' | 'out';

/** What a session needs from the broker around it. */
export interface SessionHost {
  /** Checks the credentials of a CONNECT; resolves true to accept. */
  authenticate(
    identity: DeviceIdentity,
    credential: string,
    session: SessionInfo,
  ): Promise<boolean>;
  /**
   * A CONNECT is refused (`reason` for the log): returns the delay before the ERROR is sent
   * (throttling, §6.1). Logged by the host, aggregated.
   */
  refused(session: SessionInfo, reason: string): number;
  online(session: SessionInfo): void;
  /** The session closed (whether or not it ever authenticated). */
  offline(session: SessionInfo, reason: string): void;
  /** A device request to a server resource (§6.5). */
  deviceCall(session: SessionInfo, call: DeviceCall): Promise<Answer>;
  /** A device-opened event subscription (START_STREAM with SUBSCRIBE_EVENT, §6.6). */
  deviceSubscribe(session: SessionInfo, streamId: number, spec: PsonValue): Promise<Answer>;
  /** An item on a device-opened stream (e.g. MQTT-style publish, §6.6). */
  deviceStreamItem(session: SessionInfo, streamId: number, payload: PsonValue): void;
  deviceStreamClosed(session: SessionInfo, streamId: number): void;
  /** Every frame in and out, for counters and the protocol inspector. */
  frame(
    session: RecordedSession,
    direction: Direction,
    bytes: Uint8Array,
    message: Message | null,
    error?: IotmpCodecError,
  ): void;
  log(level: 'info' | 'warn', message: string, session: SessionInfo): void;
}

/** What every session of one broker shares: one field per connection instead of four. */
export interface SessionContext {
  readonly host: SessionHost;
  readonly scheduler: Scheduler;
  readonly limits: BrokerLimits;
  readonly deadlines: DeadlineQueue;
  /** Held while a frame is handled: its bookkeeping reads the wall clock once (frameClock.ts). */
  readonly clock: FrameClock;
}

/** What others may read about a session. */
export interface SessionInfo {
  readonly link: Link;
  readonly identity: DeviceIdentity | null;
  readonly pv: ProtocolVersion;
  readonly state: SessionState;
  /** The device closed the socket (rather than going silent or being closed by the broker). */
  readonly closedByPeer: boolean;
  /** `user/device` once the CONNECT named it; null before. */
  readonly key: string | null;
}

/**
 * Where an online connection's frames are counted and recorded, found on its first frame
 * online and used for every later one (no map lookup per frame on the hot path).
 */
export interface RecordedSession extends SessionInfo, LiveTraffic, HistoryHolder {}

export type SessionState = 'connecting' | 'authenticating' | 'online' | 'closed';

/**
 * What receives a stream the server opened on the device (§8): one object (the stream hub's
 * channel) rather than two closures, so an item reaches its consumers through fewer objects.
 * One receiver may serve several streams (a channel's periodic and event streams): each call
 * says which, by its stream id.
 */
export interface ServerStream {
  /** An item the device sent on stream `id`. */
  item(payload: PsonValue, id: number): void;
  /** Stream `id` ended without `stop` being called: device STOP_STREAM or disconnect. */
  end(end: StreamEnd, id: number): void;
}

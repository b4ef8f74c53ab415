import type { IotmpCodecError, Message, ProtocolVersion, PsonValue } from '../protocol';

export type Transport = 'tcp' | 'tls' | 'ws' | 'wss';

/** A device's identity: the first two elements of its CONNECT credentials (IOTMP.md §5.3). */
export interface DeviceIdentity {
  user: string;
  device: string;
}

export const deviceKey = (id: DeviceIdentity): string => `${id.user}/${id.device}`;

/**
 * A connection as the broker core sees it: bytes out, close, and who is on the other end. The
 * transport adapters (TCP, TLS, WebSocket, or an in-memory pair in tests) provide it and feed
 * received bytes to `Session.receive`.
 */
export interface Link {
  readonly transport: Transport;
  readonly remoteAddress: string;
  /** Writes one whole frame (never interleaved with another, §2.5). */
  send(frame: Uint8Array): void;
  /** Bytes accepted by `send` and not yet handed to the network. */
  readonly pendingWriteBytes: number;
  /** Flushes what was sent, then closes. */
  close(): void;
  /** Stops and restarts taking bytes from the peer (it is not reading what we send, D1). */
  pauseReading(): void;
  resumeReading(): void;
}

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
    session: SessionInfo,
    direction: Direction,
    bytes: Uint8Array,
    message: Message | null,
    error?: IotmpCodecError,
  ): void;
  log(level: 'info' | 'warn', message: string, session: SessionInfo): void;
}

/** What others may read about a session. */
export interface SessionInfo {
  readonly id: number;
  readonly link: Link;
  readonly identity: DeviceIdentity | null;
  readonly pv: ProtocolVersion;
  readonly connectedAt: number;
  readonly state: SessionState;
  /** The device closed the socket (rather than going silent or being closed by the broker). */
  readonly closedByPeer: boolean;
}

export type SessionState = 'connecting' | 'authenticating' | 'online' | 'closed';

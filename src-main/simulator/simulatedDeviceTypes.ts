/**
 * What a SimulatedDevice is made of and reports: its options and their defaults (each with the
 * IOTMP-Linux behaviour it copies), its states and events, its counters, the error of a
 * device→server call, and the state of one authenticated session (IOTMP.md §5, §6, §8, §9.5).
 */
import { MAX_INBOUND_BODY, type Message, type PsonMap, type PsonValue } from '../protocol';
import type { Clock, IdSource, RandomSource, Timer } from './clock';
import type { DeviceProfile, DeviceProfileInput } from './config';
import type { SimResource } from './resources';
import type { TransportKind } from './transport';

/** Defaults, each with its reason. */
const SIMULATOR_DEFAULTS = {
  /** IOTMP-Linux sends KEEP_ALIVE every 60 s from authentication (§6.2, §9.5). */
  keepAliveMs: 60_000,
  /** IOTMP-Linux waits a constant 5 s after any failure before it reconnects (§9.5). */
  reconnectDelayMs: 5_000,
  /** IOTMP-Linux checks its periodic streams once per second (§8.1, §9.5). */
  streamTickMs: 1_000,
  /** IOTMP-Linux's TCP/TLS connect timeout (§9.2). */
  connectTimeoutMs: 15_000,
  /** IOTMP-Linux waits for the CONNECT answer without limit (§9.5); 0 keeps that. */
  authTimeoutMs: 0,
  /** Device→server calls: IOTMP-Linux waits forever; a promise API needs a bound. */
  requestTimeoutMs: 10_000,
  /** IOTMP-Linux drops a body over 256 KiB and reconnects (§2.4). */
  maxBodySize: MAX_INBOUND_BODY,
  /**
   * Stream samples are dropped (and counted) while this much is waiting to be written; at
   * `WRITE_BACKLOG_LIMIT_FACTOR` times this the server is not reading and the link is dropped.
   */
  maxPendingWriteBytes: 1024 * 1024,
  wsPath: '/iotmp',
} as const;

export type DeviceState =
  /** Created, `start()` not called yet. */
  | 'idle'
  /** Opening the transport (TCP connect, TLS handshake, WebSocket upgrade). */
  | 'connecting'
  /** CONNECT sent, waiting for OK or ERROR. */
  | 'authenticating'
  /** Authenticated: answering the server. */
  | 'online'
  /** Waiting `reconnectDelayMs` after a failure. */
  | 'waiting'
  | 'stopped';

export interface SimulatedDeviceOptions {
  host: string;
  port: number;
  transport?: TransportKind;
  user: string;
  device: string;
  credential: string;
  /** The resources: a profile (validated here) or nothing for a device without resources. */
  profile?: DeviceProfileInput | DeviceProfile;
  /** Resources beyond the profile's, with their own behaviour (the OTA side: otaFirmware.ts). */
  extraResources?: readonly SimResource[];
  clock?: Clock;
  /** 16-bit stream ids for CONNECT and device→server calls (IOTMP-Linux: `rand() & 0xffff`). */
  ids?: IdSource;
  /** Numbers in [0, 1) for sensor noise. */
  random?: RandomSource;
  keepAliveMs?: number;
  reconnectDelayMs?: number;
  streamTickMs?: number;
  connectTimeoutMs?: number;
  authTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxBodySize?: number;
  maxPendingWriteBytes?: number;
  wsPath?: string;
  /**
   * Server event subscriptions (§6.6), e.g. `{"event": "device_property_update", "filters":
   * {"property": "config"}, "current": true}`. Like IOTMP-Linux, right after authentication the
   * device sends one START_STREAM per entry, in order, each after the previous one was answered,
   * and only then starts its keep-alive timer.
   */
  subscriptions?: PsonMap[];
  /** WebSocket frames as text like IOTMP-Linux 2026 (default) or binary like the legacy client. */
  wsTextFrames?: boolean;
  /** TLS SNI name (default: the host, unless it is an IP address). */
  servername?: string;
  /** TCP_NODELAY on TCP/TLS (default true; IOTMP-Linux leaves Nagle on). */
  noDelay?: boolean;
}

export interface StateChange {
  state: DeviceState;
  previous: DeviceState;
  /** Why: the failure that ended a connection, or what the device is doing. */
  reason?: string;
  /** When `state` is `waiting`: milliseconds until the next attempt. */
  retryInMs?: number;
}

interface FrameEvent {
  direction: 'in' | 'out';
  /** Decoded message; undefined when an inbound body could not be decoded. */
  message: Message | undefined;
  /** Whole frame (a view; copy it to keep it). */
  bytes: Uint8Array;
}

export interface OpenStream {
  id: number;
  resource: string;
  /** 0 for an event stream. */
  intervalMs: number;
}

interface StreamEvent extends OpenStream {
  event: 'start' | 'stop';
}

export type SimulatedDeviceEvents = {
  state: StateChange;
  frame: FrameEvent;
  /** A switch, slider or RPC received input (RUN or STREAM_DATA). */
  input: { resource: string; value: PsonValue };
  /** A run-only resource (fn 1) was run. */
  action: { resource: string; input: PsonValue };
  stream: StreamEvent;
  /** The server answered subscription `index` (§6.6). */
  subscription: { index: number; id: number; ok: boolean };
  /** Data of subscription `index`: the OK's current value (`current`), or a STREAM_DATA. */
  event: { index: number; payload: PsonValue; current: boolean };
};

export interface DeviceStats {
  connects: number;
  authFailures: number;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  samplesSent: number;
  /** Stream samples not sent because the write buffer was over `maxPendingWriteBytes`. */
  samplesDropped: number;
  /** Inbound frames whose body could not be decoded (ignored, like IOTMP-Linux, §9.4). */
  undecodable: number;
}

/** A device→server call that failed: ERROR from the server, timeout, or no connection. */
export class ServerCallError extends Error {
  override name = 'ServerCallError';
  constructor(
    message: string,
    /** `ERROR` field 2 when the server sent one. */
    readonly code?: number,
    /** `ERROR` field 3 when the server sent one. */
    readonly payload?: PsonValue,
  ) {
    super(message);
  }
}

export interface DeviceStream {
  id: number;
  resource: SimResource;
  intervalMs: number;
  /** Clock time of the last periodic sample; undefined: none yet (IOTMP-Linux's 0). */
  lastSampleAt: number | undefined;
}

export interface PendingCall {
  resolve(v: PsonValue): void;
  reject(e: Error): void;
  timer: Timer | undefined;
}

/** State of one authenticated connection; discarded on disconnect (clients forget streams, §9.3). */
export interface Session {
  streams: Map<number, DeviceStream>;
  /** Event binding per resource name (§8.1, §8.5). */
  bindings: Map<string, number>;
  pending: Map<number, PendingCall>;
  /** Accepted server event subscriptions: stream id → index in `subscriptions`. */
  subscriptions: Map<number, number>;
  keepAlive: Timer | undefined;
  tick: Timer | undefined;
  pushTimers: Map<string, Timer>;
  lastPushed: Map<string, PsonValue>;
}

/** The options with every default applied (the ones a device keeps after construction). */
export type ResolvedDeviceOptions = Required<
  Omit<
    SimulatedDeviceOptions,
    'profile' | 'extraResources' | 'servername' | 'clock' | 'ids' | 'random' | 'subscriptions'
  >
> & { servername?: string };

export function resolveDeviceOptions(options: SimulatedDeviceOptions): ResolvedDeviceOptions {
  return {
    host: options.host,
    port: options.port,
    transport: options.transport ?? 'tcp',
    user: options.user,
    device: options.device,
    credential: options.credential,
    keepAliveMs: options.keepAliveMs ?? SIMULATOR_DEFAULTS.keepAliveMs,
    reconnectDelayMs: options.reconnectDelayMs ?? SIMULATOR_DEFAULTS.reconnectDelayMs,
    streamTickMs: options.streamTickMs ?? SIMULATOR_DEFAULTS.streamTickMs,
    connectTimeoutMs: options.connectTimeoutMs ?? SIMULATOR_DEFAULTS.connectTimeoutMs,
    authTimeoutMs: options.authTimeoutMs ?? SIMULATOR_DEFAULTS.authTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? SIMULATOR_DEFAULTS.requestTimeoutMs,
    maxBodySize: options.maxBodySize ?? SIMULATOR_DEFAULTS.maxBodySize,
    maxPendingWriteBytes: options.maxPendingWriteBytes ?? SIMULATOR_DEFAULTS.maxPendingWriteBytes,
    wsPath: options.wsPath ?? SIMULATOR_DEFAULTS.wsPath,
    wsTextFrames: options.wsTextFrames ?? true,
    noDelay: options.noDelay ?? true,
    servername: options.servername,
  };
}

/**
 * What the broker is built with: the interfaces its collaborators implement (credentials,
 * server resources, another device to call) and its options and parts.
 */
import type { PsonValue } from '../protocol';
import type { FrameInspector } from '../inspector/FrameInspector';
import type { DeviceRegistry } from '../registry/DeviceRegistry';
import type { StreamHub } from '../streams/StreamHub';
import type { Scheduler } from '../core/scheduler';
import type { FrameClock } from '../core/frameClock';
import type { Reply } from '../core/reply';
import type { AuthThrottle } from './AuthThrottle';
import type { LiveSessions } from './LiveSessions';
import type { RefusalLog } from './RefusalLog';
import type { BrokerLimits } from './limits';
import type { Answer, DeviceCall, DeviceIdentity } from './types';

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
export const NO_SERVER_RESOURCES: ServerResources = {
  call: () => Promise.resolve({ ok: false }),
  subscribe: () => Promise.resolve({ ok: false }),
  unsubscribe: () => {},
};

export interface BrokerOptions {
  scheduler: Scheduler;
  /**
   * The wall clock the broker shares with its parts (buildBrokerParts): a frame's handling holds
   * one reading for all of them. None given: the system clock, not shared.
   */
  clock?: FrameClock;
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

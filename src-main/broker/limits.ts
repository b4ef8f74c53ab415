/**
 * Bounds of the broker, each a named default with its reason (IOTMP.md §10.1). One misbehaving
 * peer can only ever exhaust its own allowance.
 */
import { MAX_INBOUND_BODY, MAX_PSON_DEPTH } from '../protocol';

export interface BrokerLimits {
  /** Largest inbound body: IOTMP-Linux's own limit, covering its 64 KiB file chunks (§2.4). */
  maxBodySize: number;
  /**
   * Largest body a peer may declare before its CONNECT is accepted: three credential strings and
   * the documented PARAMETERS map (§5.3) fit with room; an anonymous socket costs no more (D3).
   */
  maxConnectBodySize: number;
  /**
   * Largest body sent to a device unless it is known to accept more (IOTMP.md §9.1.7, §2.4):
   * Zephyr and ESP-IDF devices drop the connection above 4 KiB, the Embedded core above 32 KiB.
   * A per-device setting raises it (BrokerOptions.frameLimitOf).
   */
  maxOutboundBodySize: number;
  /** PSON nesting bound for decoding (≥ 64 for the vectors, §4.9). */
  maxDepth: number;
  /** From accept to a complete CONNECT: clients send it at once; frees idle sockets (§6.1). */
  connectTimeoutMs: number;
  /** Inbound silence before a liveness probe: 60 s client keep-alive + loop jitter (§6.2). */
  keepAliveTimeoutMs: number;
  /** Wait for the probe's answer before closing (§6.2). */
  probeTimeoutMs: number;
  /** Server → device request timeout: clients never time out their answers (§6.3). */
  requestTimeoutMs: number;
  /** Server requests in flight per device: Embedded clients handle one frame at a time (§10.1). */
  maxInflightRequests: number;
  /** Open streams per connection, both directions (§10.1). */
  maxStreams: number;
  /** Undecodable or unknown frames tolerated per connection before it is closed (§10.2). */
  maxBadFrames: number;
  /**
   * Bytes queued for a slow reader before samples are dropped and the peer is no longer read
   * (§10.1, D1); answers still go out up to twice this, past which the peer is closed.
   */
  maxPendingWriteBytes: number;
  /** A peer that leaves that backlog unread this long is closed (a slow GSM link drains it). */
  writeStallTimeoutMs: number;
  /** Inbound frames per second per connection (token bucket) and its burst (§10.1). */
  maxFramesPerSecond: number;
  frameBurst: number;
  /** Longest element of the CONNECT credential array (§10.1 MAX_CREDENTIAL_LEN). */
  maxCredentialLength: number;
  /** Concurrent device connections, all transports together. */
  maxConnections: number;
  /** New connections per second from one address: a reconnect storm from one host is bounded. */
  maxConnectsPerSecondPerAddress: number;
  /** Delay before answering a failed CONNECT: starts here, doubles per failure from the address… */
  authFailDelayMs: number;
  /** …up to this cap (clients retry every 1–15 s forever, §6.1). */
  authFailMaxDelayMs: number;
  /**
   * Credential checks in progress per address (from CONNECT to its answer, a refusal's delay
   * included); more wait their turn. Bounds parallel guessing; a gateway's devices queue briefly.
   */
  maxAuthInFlightPerAddress: number;
  /** …and per identity: one guess at a time for a given device. */
  maxAuthInFlightPerIdentity: number;
  /** Attempts waiting per address beyond which new ones are refused unchecked. */
  maxAuthWaitingPerAddress: number;
  /**
   * Refused connections remembered for the admin view: a commissioning session's worth; a device
   * retrying with a wrong credential replaces its own entry instead of filling the list.
   */
  rejectionsKept: number;
}

export const DEFAULT_BROKER_LIMITS: BrokerLimits = {
  maxBodySize: MAX_INBOUND_BODY,
  maxConnectBodySize: 4096,
  maxOutboundBodySize: 4096,
  maxDepth: MAX_PSON_DEPTH,
  connectTimeoutMs: 15_000,
  keepAliveTimeoutMs: 120_000,
  probeTimeoutMs: 30_000,
  requestTimeoutMs: 30_000,
  maxInflightRequests: 8,
  maxStreams: 64,
  maxBadFrames: 100,
  maxPendingWriteBytes: 1024 * 1024,
  writeStallTimeoutMs: 30_000,
  maxFramesPerSecond: 200,
  frameBurst: 1000,
  maxCredentialLength: 1024,
  maxConnections: 20_000,
  maxConnectsPerSecondPerAddress: 50,
  authFailDelayMs: 1000,
  authFailMaxDelayMs: 5000,
  maxAuthInFlightPerAddress: 8,
  maxAuthInFlightPerIdentity: 1,
  maxAuthWaitingPerAddress: 2000,
  rejectionsKept: 200,
};

/** How a device connection reaches the broker; shared by the broker, its transports and the registry. */
export type Transport = 'tcp' | 'tls' | 'ws' | 'wss';

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

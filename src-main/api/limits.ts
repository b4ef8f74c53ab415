/** Bounds of the HTTP/WebSocket API, each with its reason. */
export const API_HTTP_LIMITS = {
  /**
   * Request bodies, and one WebSocket message from a client. Most are small (a resource input, a
   * subscription); the largest is firmware: flash.start carries a .hex file's text, up to 2 MiB
   * (MAX_FIRMWARE_TEXT_CHARS), and JSON escapes its line ends, so twice that. Only clients with
   * the token get this far.
   */
  maxBodyBytes: 4 * 1024 * 1024,
  maxWsMessageBytes: 4 * 1024 * 1024,
  /**
   * Bytes waiting to go out on one WebSocket before its streams pause: samples then wait in the
   * StreamHub's bounded queue (oldest dropped and counted), never in this process's memory.
   */
  maxWsBufferedBytes: 1024 * 1024,
  /** Subscriptions one WebSocket may hold (a console shows a few dozen charts at most). */
  maxSubscriptionsPerSocket: 64,
  /** Calls one WebSocket may have waiting for an answer. */
  maxCallsPerSocket: 32,
  /** WebSocket connections at once (each holds subscriptions and a send buffer). */
  maxSockets: 256,
  /** HTTP connections at once (keep-alive included): a console and scripts need a few dozen. */
  maxConnections: 512,
  /**
   * The web console, held in memory (consoleFiles.ts): the built one is ~3 MB in 3 files, plus
   * compressed copies (each smaller than its file). A folder over either bound is refused at
   * start: it is not the built console.
   */
  maxConsoleBytes: 32 * 1024 * 1024,
  maxConsoleFiles: 1000,
} as const;
export type ApiHttpLimits = { -readonly [K in keyof typeof API_HTTP_LIMITS]: number };

/** Default port of the management API: beside the device ports (25200–25206), rarely taken. */
export const DEFAULT_API_PORT = 25280;

/** Errors the broker reports to its callers (UI, API): a stable code and a readable sentence. */
export const BrokerErrorCode = {
  DEVICE_OFFLINE: 'DEVICE_OFFLINE',
  DEVICE_DISCONNECTED: 'DEVICE_DISCONNECTED',
  TIMEOUT: 'TIMEOUT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  TOO_MANY_STREAMS: 'TOO_MANY_STREAMS',
  DEVICE_ERROR: 'DEVICE_ERROR',
  NO_STREAM_ID: 'NO_STREAM_ID',
  ENCODE_FAILED: 'ENCODE_FAILED',
  UNKNOWN_DEVICE: 'UNKNOWN_DEVICE',
  BAD_REQUEST: 'BAD_REQUEST',
  /** A frame over the device's outbound limit (IOTMP.md §9.1.7): it would drop the connection. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;
export type BrokerErrorCode = (typeof BrokerErrorCode)[keyof typeof BrokerErrorCode];

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  /** What the device answered, for DEVICE_ERROR (its ERROR's payload and code). */
  readonly detail?: { code?: unknown; payload?: unknown };

  constructor(
    code: BrokerErrorCode,
    message: string,
    detail?: { code?: unknown; payload?: unknown },
  ) {
    super(message);
    this.name = 'BrokerError';
    this.code = code;
    if (detail) this.detail = detail;
  }
}

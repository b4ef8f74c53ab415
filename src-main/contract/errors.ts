/**
 * The one error shape every call and event can end with, over IPC and HTTP alike: a stable code
 * a script can switch on, a sentence a technician understands, and optional detail for the log.
 */
import { z } from 'zod';
import { Value } from './schemas';

export const ApiErrorCode = {
  /** The input failed validation (schema, bad JSON, bad `$bytes`…). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** No such device, call, route or topic. */
  NOT_FOUND: 'NOT_FOUND',
  /** The thing to create exists already (a device id). */
  CONFLICT: 'CONFLICT',
  /** The call's deadline passed (the contract's default or the caller's). */
  TIMEOUT: 'TIMEOUT',
  /** The caller cancelled (AbortSignal, closed socket). */
  CANCELLED: 'CANCELLED',
  /** Missing or wrong API token. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** A valid access token whose permission lacks what the request needs (`detail.missing`). */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many failed tokens, or too many requests in flight. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A request body or message over the bound. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The device is not connected. */
  DEVICE_OFFLINE: 'DEVICE_OFFLINE',
  /** The device went away while a request was pending. */
  DEVICE_DISCONNECTED: 'DEVICE_DISCONNECTED',
  /** The device answered ERROR (its code and payload are in `detail`). */
  DEVICE_ERROR: 'DEVICE_ERROR',
  /** The device has too many requests or streams open (broker bounds). */
  DEVICE_BUSY: 'DEVICE_BUSY',
  /** The serial port is held by another owner ("Port busy: held by the flasher"). */
  PORT_BUSY: 'PORT_BUSY',
  /**
   * The serial port cannot be used: not found, permission denied ("add your user to the dialout
   * group…"), gone; `detail.code` is the serial code (PORT_NOT_FOUND, PERMISSION_DENIED, …).
   */
  PORT_UNAVAILABLE: 'PORT_UNAVAILABLE',
  /** The .hex file is damaged, empty or too large; `detail.line` names the line. */
  FIRMWARE_INVALID: 'FIRMWARE_INVALID',
  /** A bug or an unexpected failure; the detail is in the log. */
  INTERNAL: 'INTERNAL',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

const codes = Object.values(ApiErrorCode) as [ApiErrorCode, ...ApiErrorCode[]];

export const ApiErrorBody = z.object({
  code: z.enum(codes),
  message: z.string(),
  detail: Value.optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** What HTTP answers with each code (the body is always `{error: ApiErrorBody}`). */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TIMEOUT: 504,
  CANCELLED: 499,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  DEVICE_OFFLINE: 503,
  DEVICE_DISCONNECTED: 503,
  DEVICE_ERROR: 502,
  DEVICE_BUSY: 429,
  PORT_BUSY: 409,
  PORT_UNAVAILABLE: 503,
  FIRMWARE_INVALID: 422,
  INTERNAL: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly detail?: Value,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ApiErrorBody {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static from(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.detail);
  }
}

/** A zod failure as one readable line: `devices.get: user: Invalid input; …`. */
export function describeZodError(e: z.ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}

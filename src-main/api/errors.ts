/** Every failure a service can raise, as the contract's typed error (stable code + sentence). */
import { ZodError } from 'zod';
import { ApiError, ApiErrorCode, describeZodError } from '../contract';
import { BrokerError, BrokerErrorCode } from '../broker/errors';
import { IotmpCodecError, psonToJson, type PsonValue } from '../protocol';
import { DeviceStoreError } from '../store/DeviceStore';
import { SerialError } from '../serial/SerialError';
import { FlashError } from '../flash/protocol/FlashError';
import { sentence } from '../contract/sentence';
import { CommissionError, type CommissionErrorCode } from '../commission/CommissionError';

const FROM_COMMISSION: Partial<Record<CommissionErrorCode, ApiErrorCode>> = {
  FIRMWARE: ApiErrorCode.FIRMWARE_INVALID,
  DUPLICATE: ApiErrorCode.CONFLICT,
  CANCELLED: ApiErrorCode.CANCELLED,
};

const FROM_BROKER: Record<BrokerErrorCode, ApiErrorCode> = {
  DEVICE_OFFLINE: ApiErrorCode.DEVICE_OFFLINE,
  DEVICE_DISCONNECTED: ApiErrorCode.DEVICE_DISCONNECTED,
  TIMEOUT: ApiErrorCode.TIMEOUT,
  TOO_MANY_REQUESTS: ApiErrorCode.DEVICE_BUSY,
  TOO_MANY_STREAMS: ApiErrorCode.DEVICE_BUSY,
  NO_STREAM_ID: ApiErrorCode.DEVICE_BUSY,
  DEVICE_ERROR: ApiErrorCode.DEVICE_ERROR,
  ENCODE_FAILED: ApiErrorCode.BAD_REQUEST,
  UNKNOWN_DEVICE: ApiErrorCode.NOT_FOUND,
  BAD_REQUEST: ApiErrorCode.BAD_REQUEST,
  PAYLOAD_TOO_LARGE: ApiErrorCode.PAYLOAD_TOO_LARGE,
};

const FROM_STORE: Record<DeviceStoreError['code'], ApiErrorCode> = {
  INVALID_ID: ApiErrorCode.BAD_REQUEST,
  INVALID_CREDENTIAL: ApiErrorCode.BAD_REQUEST,
  EXISTS: ApiErrorCode.CONFLICT,
  NOT_FOUND: ApiErrorCode.NOT_FOUND,
};

function safeJson(v: unknown): ReturnType<typeof psonToJson> | undefined {
  try {
    return v === undefined ? undefined : psonToJson(v as PsonValue);
  } catch {
    return String(v);
  }
}

/**
 * `log` receives the unexpected ones (bugs): the caller only sees "internal error" and the
 * detail stays in the log.
 */
export function toApiError(e: unknown, log?: (message: string) => void): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof ZodError) return new ApiError(ApiErrorCode.BAD_REQUEST, describeZodError(e));
  if (e instanceof BrokerError) {
    const detail = e.detail
      ? { code: safeJson(e.detail.code) ?? null, payload: safeJson(e.detail.payload) ?? null }
      : undefined;
    return new ApiError(FROM_BROKER[e.code] ?? ApiErrorCode.INTERNAL, e.message, detail);
  }
  if (e instanceof DeviceStoreError) return new ApiError(FROM_STORE[e.code], e.message);
  if (e instanceof SerialError)
    return new ApiError(
      e.code === 'PORT_BUSY' ? ApiErrorCode.PORT_BUSY : ApiErrorCode.PORT_UNAVAILABLE,
      sentence(e.message),
      { code: e.code, ...(e.detail !== undefined ? { detail: e.detail } : {}) },
    );
  if (e instanceof FlashError) {
    // Raised by a call only before any port is touched: the file, or the batch's size.
    const firmware = ['HEX_INVALID', 'HEX_EMPTY', 'IMAGE_TOO_LARGE'].includes(e.code);
    return new ApiError(
      firmware ? ApiErrorCode.FIRMWARE_INVALID : ApiErrorCode.BAD_REQUEST,
      sentence(e.message),
      {
        code: e.code,
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.detail !== undefined ? { detail: e.detail } : {}),
      },
    );
  }
  if (e instanceof CommissionError)
    return new ApiError(FROM_COMMISSION[e.code] ?? ApiErrorCode.BAD_REQUEST, e.message, {
      code: e.code,
    });
  // psonFromJson: a bad `$bytes`, `$bigint`… in an input.
  if (e instanceof IotmpCodecError) return new ApiError(ApiErrorCode.BAD_REQUEST, e.message);
  log?.(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return new ApiError(ApiErrorCode.INTERNAL, 'internal error (the detail is in the log)');
}

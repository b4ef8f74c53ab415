/** Serial failures with a stable code and a sentence a technician can act on. */
export const SerialErrorCode = {
  PORT_BUSY: 'PORT_BUSY',
  PORT_NOT_FOUND: 'PORT_NOT_FOUND',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  PORT_OPEN_FAILED: 'PORT_OPEN_FAILED',
  PORT_LOST: 'PORT_LOST',
  PORT_CLOSED: 'PORT_CLOSED',
  LIST_FAILED: 'LIST_FAILED',
  FILE_ERROR: 'FILE_ERROR',
} as const;

export type SerialErrorCode = (typeof SerialErrorCode)[keyof typeof SerialErrorCode];

export class SerialError extends Error {
  readonly code: SerialErrorCode;
  readonly detail: string | undefined;

  constructor(code: SerialErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'SerialError';
    this.code = code;
    this.detail = detail;
  }
}

export function isSerialError(e: unknown): e is SerialError {
  return e instanceof SerialError;
}

/** Maps an OS error from opening `path` to a SerialError a person can read. */
export function openError(path: string, e: unknown): SerialError {
  const raw = e instanceof Error ? e.message : String(e);
  if (/ENOENT|No such file/i.test(raw)) {
    return new SerialError(
      SerialErrorCode.PORT_NOT_FOUND,
      `port ${path} not found: check the cable, or pick the port again`,
      raw,
    );
  }
  if (/EACCES|Permission denied/i.test(raw)) {
    return new SerialError(
      SerialErrorCode.PERMISSION_DENIED,
      'permission denied: add your user to the dialout group, then log out and in',
      raw,
    );
  }
  if (/EBUSY|Resource temporarily unavailable|Cannot lock port/i.test(raw)) {
    return new SerialError(
      SerialErrorCode.PORT_BUSY,
      `port busy: ${path} is open in another program; close it there and retry`,
      raw,
    );
  }
  return new SerialError(SerialErrorCode.PORT_OPEN_FAILED, `cannot open ${path}: ${raw}`, raw);
}

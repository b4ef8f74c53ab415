/**
 * Provisioning failures: a stable `code` (logs, tests, the UI), a sentence a technician
 * understands with the next step, and the raw detail for the log. Never carries a credential.
 */
export const ProvisionErrorCode = {
  /** An identity field is missing or not acceptable (named in the message). */
  IDENTITY_INVALID: 'IDENTITY_INVALID',
  /** The NVS input cannot be stored (bad key, value out of range, partition too small). */
  NVS_INVALID: 'NVS_INVALID',
  /** The board never answered the provisioning protocol within its bound. */
  NO_ANSWER: 'NO_ANSWER',
  /** The board answered with something the protocol does not allow (or a bad checksum). */
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  /** The board refused a value (its reason is in the message). */
  REJECTED: 'REJECTED',
  /** What the board read back is not what was sent. */
  READBACK_MISMATCH: 'READBACK_MISMATCH',
  /** The port went away or could not be opened. */
  PORT_ERROR: 'PORT_ERROR',
  /** The technician cancelled. */
  CANCELLED: 'CANCELLED',
} as const;

export type ProvisionErrorCode = (typeof ProvisionErrorCode)[keyof typeof ProvisionErrorCode];

export class ProvisionError extends Error {
  readonly code: ProvisionErrorCode;
  readonly detail: string | undefined;
  /** The identity field or NVS key concerned, when there is one. */
  readonly field: string | undefined;

  constructor(
    code: ProvisionErrorCode,
    message: string,
    init: { detail?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'ProvisionError';
    this.code = code;
    this.detail = init.detail;
    this.field = init.field;
  }
}

export function isProvisionError(e: unknown): e is ProvisionError {
  return e instanceof ProvisionError;
}

/**
 * A commissioning failure a technician can act on: a stable code and one sentence that names
 * what went wrong and what to do ("firmware built for ATmega2560, this board is an ATmega328P").
 */
export type CommissionErrorCode =
  | 'PLAN'
  | 'FIRMWARE'
  | 'WRONG_TARGET'
  | 'IDENTITY'
  | 'DUPLICATE'
  | 'PORT'
  | 'FLASH'
  | 'PROVISION'
  | 'JOIN'
  | 'BROKER'
  | 'CANCELLED'
  | 'UNSUPPORTED';

export class CommissionError extends Error {
  constructor(
    readonly code: CommissionErrorCode,
    message: string,
    readonly detail?: string,
    /** The board may hold part of what was being written (the failure came after writing began). */
    readonly mayHaveWritten = false,
  ) {
    super(message);
    this.name = 'CommissionError';
  }
}

export const isCommissionError = (e: unknown): e is CommissionError => e instanceof CommissionError;

/** The sentence of any failure: ours as written, others with their message. */
export const failureText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * A board job's failure as its result reports it, AVR or ESP: any error mapped to a FlashError
 * (BoardJob's toFlashError), told apart from a port that went away, with the phase it happened in.
 */
import { FlashErrorCode, portLost, type FlashPhase } from '../protocol';
import { toFlashError } from './BoardJob';

export interface JobFailure {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly phase?: string;
  readonly address?: number;
  /** The firmware file's line, for a file that could not be read. */
  readonly line?: number;
}

/**
 * `phase`: where the job was when it failed; `exists` tells whether `path` is still there, because
 * a reply that never came from a port that no longer exists means the port went away.
 */
export function failureOf(
  e: unknown,
  phase: FlashPhase,
  path: string,
  exists: (path: string) => boolean,
): JobFailure {
  let error = toFlashError(e, phase);
  if (error.code === FlashErrorCode.BOARD_STOPPED && !exists(path)) {
    error = portLost(error.phase ?? phase, `${path} is gone; ${error.detail ?? ''}`);
  }
  return {
    code: error.code,
    message: error.message,
    detail: error.detail,
    phase: error.phase ?? phase,
    address: error.address,
    ...(error.line !== undefined ? { line: error.line } : {}),
  };
}

/** The job log's last line for a failure. */
export const failureLine = (f: JobFailure): string =>
  `failed: ${f.message}${f.detail ? ` (${f.detail})` : ''}`;

/**
 * Any failure of a call as UI.md §1 wants it shown: a sentence in the technician's terms, with the
 * stable code and raw detail kept for the "Details" disclosure.
 */
import { messages } from '../messages';

export interface ErrorText {
  message: string;
  code: string | null;
  detail: string | null;
}

export function errorText(error: unknown): ErrorText {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const raw = 'message' in error && typeof error.message === 'string' ? error.message : '';
    const detail =
      'detail' in error && error.detail !== undefined ? JSON.stringify(error.detail) : null;
    const fallback = messages.common.errors[error.code];
    // The server's own sentence names the device or field; the generic one is the fallback.
    return { message: raw || fallback || error.code, code: error.code, detail };
  }
  if (error instanceof Error)
    return { message: error.message, code: null, detail: error.stack ?? null };
  return { message: String(error), code: null, detail: null };
}

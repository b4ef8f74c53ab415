/**
 * A failed call of a panel in words (UI.md §3.2 "Errors in a panel"), from the contract's error
 * codes (contract/errors.ts): what the device answered (its text and code), a resource it no
 * longer has, no answer in 30 s, offline before answering. The stable code and the raw detail
 * stay for the Details disclosure.
 */
import { errorText } from '../../api/errorText';
import { summaryText, type Value } from '../../model/pson';
import { messages } from '../../messages';

const t = messages.device.errors;

export interface PanelError {
  /** What the technician reads. */
  message: string;
  code: string | null;
  detail: unknown;
  /** The device's own code (e.g. 408), when it sent one (IOTMP.md §7.4). */
  deviceCode: string | null;
  /** The device does not know the resource (any more): Refresh resources helps. */
  gone: boolean;
}

const field = (o: unknown, key: string): unknown =>
  o && typeof o === 'object' && key in o ? (o as Record<string, unknown>)[key] : undefined;

/** `{"error": text}` (set_error) or `{"message": text}` (session failures), IOTMP.md §5.2. */
function deviceText(payload: unknown): string | null {
  const text = field(payload, 'error') ?? field(payload, 'message');
  if (typeof text === 'string' && text) return text;
  if (payload === null || payload === undefined) return null;
  return summaryText(payload as Value, 120);
}

export function panelError(error: unknown): PanelError {
  const code = typeof field(error, 'code') === 'string' ? (field(error, 'code') as string) : null;
  const detail = field(error, 'detail');
  const base = { code, detail, deviceCode: null, gone: false };
  switch (code) {
    case 'DEVICE_ERROR': {
      const raw = field(detail, 'code');
      const deviceCode = raw === null || raw === undefined ? null : String(raw);
      const text = deviceText(field(detail, 'payload'));
      // IOTMP.md §7.5: an unknown resource is a bare ERROR, without payload or code.
      if (text === null && deviceCode === null) return { ...base, message: t.gone, gone: true };
      const message =
        deviceCode === null
          ? t.answered(text ?? '')
          : text === null
            ? t.answeredNothing(deviceCode)
            : t.answeredCode(text, deviceCode);
      return { ...base, message, deviceCode };
    }
    case 'TIMEOUT':
      return { ...base, message: t.timeout };
    case 'DEVICE_DISCONNECTED':
      return { ...base, message: t.disconnected };
    case 'DEVICE_OFFLINE':
      return { ...base, message: t.offline };
    case 'CANCELLED':
      return { ...base, message: t.cancelled };
    case 'NOT_FOUND':
      return { ...base, message: t.unregistered };
    case 'BAD_REQUEST':
      return { ...base, message: t.refused(errorText(error).message) };
    default:
      return { ...base, message: errorText(error).message };
  }
}

/** The user's own Cancel: said in the footer, not as an error. */
export const isCancelled = (error: unknown): boolean => field(error, 'code') === 'CANCELLED';

/** ErrorNotice shows `message`, `code` and `detail`: give it the panel's words. */
export function panelErrorAsNotice(error: unknown): {
  code: string;
  message: string;
  detail?: unknown;
} {
  const e = panelError(error);
  return {
    code: e.code ?? 'ERROR',
    message: e.message,
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}

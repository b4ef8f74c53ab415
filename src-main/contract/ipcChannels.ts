/**
 * IPC channel names derived from the contract: one channel per call (`studio:call:<name>`), so
 * the preload exposes domain verbs and no generic invoke; topics and cancellation have their own.
 */
import type { CallName } from './calls';

export const callChannel = (name: CallName): string => `studio:call:${name}`;
export const CANCEL_CHANNEL = 'studio:cancel';
export const SUBSCRIBE_CHANNEL = 'studio:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'studio:unsubscribe';
export const EVENT_CHANNEL = 'studio:event';

/** What a call answers over IPC: errors travel as data (Electron flattens thrown errors). */
export type IpcReply =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; detail?: unknown } };

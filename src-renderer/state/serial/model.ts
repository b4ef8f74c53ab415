/**
 * The serial slice's model (UI.md §3.9; issue 14 §4: store and model apart): what the views see
 * of one port's monitor, the bounds of a feed, and the pure rules the feed and the actions share.
 */
import type { MonitorStatus, ProblemInfo } from '@contract/serialSchemas';
import { HEX_ROW_BYTES, type SerialRow } from '../../model/serialRows';

/** Events queued between two frames; beyond this they are appended at once (a hidden tab gets no frames). */
export const MAX_PENDING_EVENTS = 5_000;
/** Chunks arriving within this of a row's first byte join it (one burst reads as one dump). */
export const HEX_JOIN_MS = 100;
/** Samples the plotter keeps per port (as a live chart: the oldest go first). */
export const PLOT_SAMPLES = 10_000;
/** Lines the console asks serial.buffer for per page (the server caps it too). */
export const HISTORY_PAGE = 5_000;

export interface MonitorState {
  status: MonitorStatus | 'unknown';
  message: string;
  baudRate: number | null;
  error: ProblemInfo | null;
  /** Bumped after every batch appended or cleared. */
  version: number;
  /** Lines main dropped before this console read them (from serial.buffer). */
  droppedBefore: number;
  partial: { t: number; text: string } | null;
  /** Why the last serial.open from this console failed (PORT_BUSY, permission denied…). */
  openError: ProblemInfo | null;
}

export const initialMonitor = (): MonitorState => ({
  status: 'unknown',
  message: '',
  baudRate: null,
  error: null,
  version: 0,
  droppedBefore: 0,
  partial: null,
  openError: null,
});

type Reported = Pick<MonitorState, 'status' | 'message' | 'baudRate' | 'error'>;

/** The part of a monitor's state that main reports (serial.monitors, serial.open, status events). */
export function reportedState(m: Reported): Reported {
  return { status: m.status, message: m.message, baudRate: m.baudRate, error: m.error };
}

/** A failed call as a status-line problem: code, the sentence, no detail. */
export function problemOf(e: unknown): ProblemInfo {
  const code =
    e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  return { code, message: message.charAt(0).toUpperCase() + message.slice(1), detail: null };
}

/**
 * How a chunk of `hex` received at `t` meets the newest hex row `last`: bytes that follow closely
 * fill that row up to HEX_ROW_BYTES, as a hex dump reads; a pause (or a full row) starts a new one.
 * Gives the filled row (or null to leave it) and the digits left for new rows.
 */
export function joinHex(
  last: SerialRow | null,
  t: number,
  hex: string,
): { filled: SerialRow | null; rest: string } {
  const room = last ? HEX_ROW_BYTES * 2 - last.text.length : 0;
  if (!last || room <= 0 || t - last.t > HEX_JOIN_MS) return { filled: null, rest: hex };
  return { filled: { ...last, text: last.text + hex.slice(0, room) }, rest: hex.slice(room) };
}

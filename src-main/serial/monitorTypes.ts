/**
 * The serial monitor's vocabulary: its limits (UI.md §3.9), options, statuses, and the chunks,
 * lines and events a session reports. Shared by SerialMonitor, MonitorSession and MonitorBuffer.
 */
import type { SerialError } from './SerialError';
import type { SerialOpener } from './SerialLink';
import type { PortLeases } from './SerialPortLease';

/** Lines kept per port (UI.md §3.9): enough for a long boot log, bounded for a chatty board. */
export const MONITOR_MAX_LINES = 10_000;
/** Bytes kept per port, chunks and lines each (UI.md §3.9: 4 MiB). */
export const MONITOR_MAX_BYTES = 4 * 1024 * 1024;
/** A line longer than this is cut into pieces: a board that never sends \n must not grow one line forever. */
export const MONITOR_MAX_LINE_CHARS = 4096;
/** How often an unplugged port is tried again: a re-plugged board is back within a second. */
export const MONITOR_REOPEN_MS = 1000;
/** Silence after which an unfinished line (a prompt) is shown (UI.md §3.9). */
export const MONITOR_PARTIAL_MS = 100;

export type LineEnding = 'none' | 'lf' | 'cr' | 'crlf';
export const LINE_ENDINGS: Record<LineEnding, string> = {
  none: '',
  lf: '\n',
  cr: '\r',
  crlf: '\r\n',
};

export interface MonitorOptions {
  baudRate: number;
  /** Appended by `send` (default LF). */
  lineEnding?: LineEnding;
}

export type MonitorStatus = 'opening' | 'connected' | 'paused' | 'unplugged' | 'closed';

export interface MonitorChunk {
  /** Host receive time, ms since the epoch. */
  readonly t: number;
  readonly bytes: Uint8Array;
  /** Sequence number per session, like lines', so a client can ask for "chunks after N". */
  readonly seq: number;
}

export interface MonitorLine {
  readonly t: number;
  /** Without its line end; invalid UTF-8 becomes U+FFFD. */
  readonly text: string;
  /** Sequence number per session, so a client can ask for "lines after N". */
  readonly seq: number;
}

export interface MonitorStatusEvent {
  readonly status: MonitorStatus;
  readonly message: string;
  readonly error?: SerialError;
}

/** Everything a session reports, in order: what `SerialMonitor.watch` delivers per port. */
export type MonitorEvent =
  | { readonly type: 'line'; readonly line: MonitorLine }
  | { readonly type: 'chunk'; readonly chunk: MonitorChunk }
  /** The unfinished line after MONITOR_PARTIAL_MS of silence. */
  | { readonly type: 'partial'; readonly t: number; readonly text: string }
  | ({ readonly type: 'status'; readonly baudRate: number } & MonitorStatusEvent)
  | { readonly type: 'cleared' };

export interface SerialMonitorDeps {
  readonly leases: PortLeases;
  readonly open?: SerialOpener;
  readonly clock?: () => number;
}

/**
 * The serial slice (UI.md §3.9): one feed per open port, each with its own bounded buffer,
 * settings and send history, so ports never cross-talk. Received lines never go through React
 * state one by one: a feed queues `serial.output` events and appends them to its RowBuffer once
 * per animation frame, then bumps the port's `version`, which the visible rows read.
 */
import { create } from 'zustand';
import type {
  LineEnding,
  MonitorInfo,
  MonitorStatus,
  ProblemInfo,
  SerialOutput,
} from '@contract/serialSchemas';
import { api, useConnection } from '../api/connection';
import { SampleBuffer } from '../model/SampleBuffer';
import { parsePlotLine } from '../model/plotLine';
import { HEX_ROW_BYTES, MAX_ROWS, RowBuffer, hexRows, type SerialRow } from '../model/serialRows';

/** Events queued between two frames; beyond this they are appended at once (a hidden tab gets no frames). */
export const MAX_PENDING_EVENTS = 5_000;
/** Chunks arriving within this of a row's first byte join it (one burst reads as one dump). */
const HEX_JOIN_MS = 100;
/** Samples the plotter keeps per port (as a live chart: the oldest go first). */
const PLOT_SAMPLES = 10_000;
/** Lines the console asks serial.buffer for per page (the server caps it too). */
const HISTORY_PAGE = 5_000;

interface MonitorState {
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

const initialMonitor = (): MonitorState => ({
  status: 'unknown',
  message: '',
  baudRate: null,
  error: null,
  version: 0,
  droppedBefore: 0,
  partial: null,
  openError: null,
});

type Scheduler = (run: () => void) => void;
const nextFrame: Scheduler = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
};
let schedule: Scheduler = nextFrame;
/** Tests run batches by hand. */
export function setFrameScheduler(next: Scheduler | null): void {
  schedule = next ?? nextFrame;
}

/** One port's output: the live subscription, its queue, and the text and hex buffers. */
export class MonitorFeed {
  readonly lines = new RowBuffer();
  readonly hex = new RowBuffer();
  /** The numbers in the lines (parsePlotLine), for the plotter; fed whatever the view shows. */
  readonly plot = new SampleBuffer({ maxSamples: PLOT_SAMPLES });
  /** Lines since the last clear that were text, not numbers (the plotter says how many). */
  textLines = 0;
  private lastLineSeq = 0;
  private lastChunkSeq = 0;
  private pending: SerialOutput[] = [];
  private scheduled = false;
  private fetching = 0;
  private off: (() => void) | null = null;
  private hexOn = false;

  constructor(readonly port: string) {}

  get attached(): boolean {
    return this.off !== null;
  }

  /** Subscribes (with raw chunks for the hex view) and reads what main buffered meanwhile. */
  attach(hexView: boolean): void {
    if (this.off && this.hexOn === hexView) return;
    this.detach();
    this.hexOn = hexView;
    this.off = api().on('serial.output', { port: this.port, chunks: hexView }, (e) =>
      this.receive(e),
    );
    void this.catchUp();
  }

  detach(): void {
    this.off?.();
    this.off = null;
  }

  receive(event: SerialOutput): void {
    this.pending.push(event);
    if (event.kind === 'gap') void this.catchUp();
    if (this.pending.length >= MAX_PENDING_EVENTS && !this.fetching) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      schedule(() => {
        this.scheduled = false;
        if (!this.fetching) this.flush();
      });
    }
  }

  /** Reads buffered lines (and chunks in the hex view) after the newest this feed has. */
  async catchUp(): Promise<void> {
    this.fetching++;
    try {
      const info = await this.page('lines');
      if (info && this.hexOn) await this.page('chunks');
    } catch {
      // No monitor open (yet): the live subscription brings everything from its opening on.
    } finally {
      this.fetching--;
      // The history itself is news to the views, even when nothing live arrived meanwhile.
      if (!this.fetching) this.flush(true);
    }
  }

  private async page(view: 'lines' | 'chunks'): Promise<MonitorInfo | null> {
    let info: MonitorInfo | null = null;
    for (let pages = 0; pages < Math.ceil(MAX_ROWS / HISTORY_PAGE) + 1; pages++) {
      const afterSeq = view === 'lines' ? this.lastLineSeq : this.lastChunkSeq;
      const r = await api().serial.buffer({ port: this.port, view, afterSeq, limit: HISTORY_PAGE });
      info = r.monitor;
      if (view === 'lines') {
        this.appendLines(r.lines);
        patchMonitor(this.port, {
          partial: r.partial,
          droppedBefore:
            afterSeq === 0 ? r.monitor.droppedLines : monitorOf(this.port).droppedBefore,
        });
      } else for (const c of r.chunks) this.appendChunk(c.seq, c.t, c.hex);
      if (!r.more) break;
    }
    return info;
  }

  private appendLines(lines: readonly SerialRow[]): void {
    const fresh = lines.filter((l) => l.seq > this.lastLineSeq);
    const newest = fresh.at(-1);
    if (!newest) return;
    this.lastLineSeq = newest.seq;
    this.lines.push(fresh);
    for (const l of fresh) {
      const values = parsePlotLine(l.text);
      if (values) this.plot.push(l.t, values);
      else this.textLines++;
    }
  }

  private appendChunk(seq: number, t: number, hex: string): void {
    if (seq <= this.lastChunkSeq) return;
    this.lastChunkSeq = seq;
    // Bytes that follow closely fill the last row, as a hex dump reads; a pause starts a row.
    const last = this.hex.at(this.hex.length - 1) ?? null;
    const room = last ? HEX_ROW_BYTES * 2 - last.text.length : 0;
    if (last && room > 0 && t - last.t <= HEX_JOIN_MS) {
      this.hex.replaceLast({ ...last, text: last.text + hex.slice(0, room) });
      hex = hex.slice(room);
    }
    if (hex) this.hex.push(hexRows(seq, t, hex));
  }

  clear(): void {
    this.clearBuffers();
    patchMonitor(this.port, {
      partial: null,
      droppedBefore: 0,
      version: monitorOf(this.port).version + 1,
    });
  }

  /** Receive time of the newest line (now when there is none): where a paused plot stops. */
  lastTime(): number {
    return this.lines.at(this.lines.length - 1)?.t ?? Date.now();
  }

  private clearBuffers(): void {
    this.lines.clear();
    this.hex.clear();
    this.plot.clear();
    this.textLines = 0;
  }

  /** Appends everything queued, then tells the views once (also with nothing queued if `always`). */
  flush(always = false): void {
    const events = this.pending;
    if (!events.length && !always) return;
    this.pending = [];
    const patch: Partial<MonitorState> = {};
    const lines: SerialRow[] = [];
    const commitLines = (): void => {
      this.appendLines(lines);
      lines.length = 0;
    };
    for (const e of events) {
      switch (e.kind) {
        case 'line':
          lines.push({ seq: e.seq, t: e.t, text: e.text });
          patch.partial = null;
          break;
        case 'partial':
          patch.partial = { t: e.t, text: e.text };
          break;
        case 'chunk':
          this.appendChunk(e.seq, e.t, e.hex);
          break;
        case 'status':
          if (e.status === 'closed') {
            // A later session numbers its lines from 1 again; the plot's lines break here.
            commitLines();
            this.plot.pushBreak(Date.now());
            this.lastLineSeq = 0;
            this.lastChunkSeq = 0;
          }
          if (e.status === 'connected') patch.openError = null;
          Object.assign(patch, {
            status: e.status,
            message: e.message,
            baudRate: e.baudRate,
            error: e.error,
          });
          break;
        case 'cleared':
          lines.length = 0;
          this.clearBuffers();
          Object.assign(patch, { partial: null, droppedBefore: 0 });
          break;
        case 'gap':
          break;
      }
    }
    commitLines();
    patchMonitor(this.port, { ...patch, version: monitorOf(this.port).version + 1 });
  }
}

export interface SerialSlice {
  /** Ports with a tab, in the order they were opened. */
  tabs: readonly string[];
  monitors: Readonly<Record<string, MonitorState>>;
  /** Absolute row index the display is frozen at (Pause display), per port. */
  frozenAt: Readonly<Record<string, number | null>>;
  /** serial.monitors answered once (before that a route's port cannot tell if it is open). */
  loaded: boolean;
}

export const useSerial = create<SerialSlice>(() => ({
  tabs: [],
  monitors: {},
  frozenAt: {},
  loaded: false,
}));

const monitorOf = (port: string): MonitorState =>
  useSerial.getState().monitors[port] ?? initialMonitor();

function patchMonitor(port: string, patch: Partial<MonitorState>): void {
  useSerial.setState((s) => ({
    monitors: { ...s.monitors, [port]: { ...(s.monitors[port] ?? initialMonitor()), ...patch } },
  }));
}

const feeds = new Map<string, MonitorFeed>();

/** The feed of `port`, made on first use; its buffer outlives the view (re-read on return). */
export function feedOf(port: string): MonitorFeed {
  let feed = feeds.get(port);
  if (!feed) {
    feed = new MonitorFeed(port);
    feeds.set(port, feed);
  }
  return feed;
}

/** Forgets every feed (tests). */
export function resetSerial(): void {
  for (const f of feeds.values()) f.detach();
  feeds.clear();
  useSerial.setState({ tabs: [], monitors: {}, frozenAt: {}, loaded: false });
}

const addTab = (port: string): void =>
  useSerial.setState((s) => (s.tabs.includes(port) ? s : { tabs: [...s.tabs, port] }));

/** Tabs for the monitors main has open (opened here, elsewhere, or before a reload). */
async function loadMonitors(): Promise<void> {
  try {
    const { monitors } = await api().serial.monitors({});
    for (const m of monitors) {
      addTab(m.port);
      patchMonitor(m.port, {
        status: m.status,
        message: m.message,
        baudRate: m.baudRate,
        error: m.error,
      });
    }
  } finally {
    useSerial.setState({ loaded: true });
  }
}

/** A failed call as a status-line problem: code, the sentence, no detail. */
function problemOf(e: unknown): ProblemInfo {
  const code =
    e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  return { code, message: message.charAt(0).toUpperCase() + message.slice(1), detail: null };
}

/** The last serial.open per port: a newer one waits for it, so the last choice wins in main. */
const opening = new Map<string, Promise<unknown>>();

/**
 * Opens (or re-configures) the monitor on `port` and gives it a tab. Calls for one port run in
 * order: a rate picked while the first opening is still under way is applied after it.
 */
export async function openMonitor(
  port: string,
  baudRate: number,
  lineEnding: LineEnding,
): Promise<MonitorInfo> {
  addTab(port);
  const before = opening.get(port) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(() => api().serial.open({ port, baudRate, lineEnding }));
  opening.set(port, run);
  try {
    const info = await run;
    patchMonitor(port, {
      status: info.status,
      message: info.message,
      baudRate: info.baudRate,
      error: info.error,
      openError: null,
    });
    return info;
  } catch (e) {
    patchMonitor(port, { openError: problemOf(e) });
    throw e;
  } finally {
    if (opening.get(port) === run) opening.delete(port);
  }
}

/** Closes the monitor and its tab; the buffer goes with it. */
export async function closeMonitor(port: string): Promise<void> {
  useSerial.setState((s) => {
    const monitors = { ...s.monitors };
    delete monitors[port];
    return { tabs: s.tabs.filter((p) => p !== port), monitors };
  });
  const feed = feeds.get(port);
  feed?.detach();
  feeds.delete(port);
  await api().serial.close({ port });
}

export async function clearMonitor(port: string): Promise<void> {
  feedOf(port).clear();
  await api().serial.clear({ port });
}

export function setFrozen(port: string, at: number | null): void {
  useSerial.setState((s) => ({ frozenAt: { ...s.frozenAt, [port]: at } }));
}

/** Re-reads the monitors when the link returns (feeds re-subscribe by themselves). */
export function followMonitors(): () => void {
  void loadMonitors().catch(() => undefined);
  return useConnection.subscribe((s, prev) => {
    if (s.link !== 'online' || prev.link === 'online') return;
    void loadMonitors().catch(() => undefined);
    for (const feed of feeds.values()) if (feed.attached) void feed.catchUp();
  });
}

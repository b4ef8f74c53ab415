/**
 * One port's live output (UI.md §3.9). Received lines never go through React state one by one:
 * the feed queues `serial.output` events and appends them to its buffers once per animation
 * frame, then bumps the port's `version`, which the visible rows read.
 */
import type { MonitorInfo, SerialOutput } from '@contract/serialSchemas';
import { api } from '../../api/connection';
import { MAX_ROWS } from '../../model/serialRows';
import { FeedBuffers } from './FeedBuffers';
import { HISTORY_PAGE, MAX_PENDING_EVENTS } from './model';
import { bumpMonitor, monitorOf, patchMonitor } from './store';

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
export class MonitorFeed extends FeedBuffers {
  private pending: SerialOutput[] = [];
  private scheduled = false;
  private fetching = 0;
  private off: (() => void) | null = null;
  private hexOn = false;

  constructor(readonly port: string) {
    super();
  }

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

  clear(): void {
    this.clearBuffers();
    bumpMonitor(this.port, { partial: null, droppedBefore: 0 });
  }

  /** Appends everything queued, then tells the views once (also with nothing queued if `always`). */
  flush(always = false): void {
    const events = this.pending;
    if (!events.length && !always) return;
    this.pending = [];
    bumpMonitor(this.port, this.apply(events));
  }
}

/**
 * What one port's feed holds (UI.md §3.9): the text and hex rows and the plotter's samples, and
 * how a batch of `serial.output` events changes them. No subscription, store or timer here, so
 * the rules (no duplicate after a re-read, hex rows joined, a new session numbering from 1) are
 * tested on their own.
 */
import type { SerialOutput } from '@contract/serialSchemas';
import { SampleBuffer } from '../../model/SampleBuffer';
import { parsePlotLine } from '../../model/plotLine';
import { RowBuffer, hexRows, type SerialRow } from '../../model/serialRows';
import { PLOT_SAMPLES, joinHex, reportedState, type MonitorState } from './model';

export class FeedBuffers {
  readonly lines = new RowBuffer();
  readonly hex = new RowBuffer();
  /** The numbers in the lines (parsePlotLine), for the plotter; fed whatever the view shows. */
  readonly plot = new SampleBuffer({ maxSamples: PLOT_SAMPLES });
  /** Lines since the last clear that were text, not numbers (the plotter says how many). */
  textLines = 0;
  protected lastLineSeq = 0;
  protected lastChunkSeq = 0;

  /** Appends the lines newer than the newest kept (a re-read of the history repeats some). */
  appendLines(lines: readonly SerialRow[]): void {
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

  appendChunk(seq: number, t: number, hex: string): void {
    if (seq <= this.lastChunkSeq) return;
    this.lastChunkSeq = seq;
    const { filled, rest } = joinHex(this.hex.at(this.hex.length - 1) ?? null, t, hex);
    if (filled) this.hex.replaceLast(filled);
    if (rest) this.hex.push(hexRows(seq, t, rest));
  }

  /** Receive time of the newest line (now when there is none): where a paused plot stops. */
  lastTime(): number {
    return this.lines.at(this.lines.length - 1)?.t ?? Date.now();
  }

  clearBuffers(): void {
    this.lines.clear();
    this.hex.clear();
    this.plot.clear();
    this.textLines = 0;
  }

  /** Appends a batch of events in order; gives what changed in the monitor's state. */
  apply(events: readonly SerialOutput[]): Partial<MonitorState> {
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
          Object.assign(patch, reportedState(e));
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
    return patch;
  }
}

/**
 * What a board's job reports while it runs: phase, percent over the job's bytes, bytes/s in the
 * phase, a bounded log, and listeners for both. Shared by the AVR and ESP jobs so that the UI
 * and the API see one job model.
 */
import type { FlashPhase } from '../protocol';
import { Emitter, type Listener } from '../../util/Emitter';

/** Log lines kept per job: a full Mega flash logs ~20; 500 leaves room for retries and detail. */
const MAX_JOB_LOG_LINES = 500;

export interface FlashProgress {
  readonly phase: FlashPhase;
  /** Whole job, 0–100, over the bytes of backup, write and verify. */
  readonly percent: number;
  readonly phaseDone: number;
  readonly phaseTotal: number;
  /** Bytes per second in the current phase (0 before the first bytes). */
  readonly bytesPerSecond: number;
  readonly elapsedMs: number;
}

export class JobReporter {
  private readonly logLines: string[] = [];
  private readonly events = new Emitter<{ progress: FlashProgress; log: string }>();
  private state: FlashProgress = {
    phase: 'resetting',
    percent: 0,
    phaseDone: 0,
    phaseTotal: 0,
    bytesPerSecond: 0,
    elapsedMs: 0,
  };
  private startedAt: number;
  private phaseStartedAt: number;
  private completedBytes = 0;
  /** Bytes the whole job moves (backup + write + verify...), for the percent. */
  totalBytes = 1;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
    this.phaseStartedAt = this.startedAt;
  }

  get progress(): FlashProgress {
    return this.state;
  }

  get log(): readonly string[] {
    return this.logLines;
  }

  get elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  onProgress(listener: Listener<FlashProgress>): () => void {
    return this.events.on('progress', listener);
  }

  onLog(listener: Listener<string>): () => void {
    return this.events.on('log', listener);
  }

  setPhase(phase: FlashPhase): void {
    this.phaseStartedAt = this.now();
    this.state = {
      ...this.state,
      phase,
      phaseDone: 0,
      phaseTotal: 0,
      bytesPerSecond: 0,
      percent: phase === 'done' ? 100 : this.state.percent,
      elapsedMs: this.elapsedMs,
    };
    this.emitProgress();
  }

  /** `done` of `total` bytes of the current phase. */
  advance(phase: FlashPhase, done: number, total: number): void {
    const elapsed = (this.now() - this.phaseStartedAt) / 1000;
    this.state = {
      phase,
      phaseDone: done,
      phaseTotal: total,
      percent: Math.min(100, ((this.completedBytes + done) / this.totalBytes) * 100),
      bytesPerSecond: elapsed > 0 ? Math.round(done / elapsed) : 0,
      elapsedMs: this.elapsedMs,
    };
    if (done >= total) this.completedBytes += total;
    this.emitProgress();
  }

  line(text: string): void {
    if (this.logLines.length >= MAX_JOB_LOG_LINES) this.logLines.shift();
    this.logLines.push(text);
    this.events.emit('log', text);
  }

  private emitProgress(): void {
    this.events.emit('progress', this.state);
  }
}

/**
 * What every board job shares, AVR or ESP: an id, a result that never rejects, progress and a
 * bounded log (JobReporter), cancel, the port lease taken from the monitor, and the mapping of
 * any failure to a FlashError a technician can read.
 */
import {
  FlashError,
  FlashErrorCode,
  isFlashError,
  type FlashPhase,
  type MachineEvent,
} from '../protocol';
import { present } from '../../contract/present';
import { isSerialError } from '../../serial/SerialError';
import type { SerialLink, SerialOpener } from '../../serial/SerialLink';
import type { PortLeases, SerialPortLease } from '../../serial/SerialPortLease';
import { JobReporter, type FlashProgress } from './JobReporter';

export interface BoardJobDeps {
  readonly leases: PortLeases;
  readonly open: SerialOpener;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Whether a port path still exists: tells "port disappeared" from "board stopped answering". */
  readonly exists: (path: string) => boolean;
}

export abstract class BoardJob<R> {
  readonly id: string;
  protected readonly report: JobReporter;
  protected readonly deps: BoardJobDeps;
  protected session: { cancel(reason?: FlashError): void } | null = null;
  protected cancelRequested = false;
  private running: Promise<R> | null = null;
  private done = false;

  constructor(id: string, deps: BoardJobDeps) {
    this.id = id;
    this.deps = deps;
    this.report = new JobReporter(deps.now);
  }

  /** Never rejects: a failure is a result with a code and a sentence. */
  get result(): Promise<R> {
    return present(this.running, 'the job (a subclass did not call begin)');
  }

  get finished(): boolean {
    return this.done;
  }

  get progress(): FlashProgress {
    return this.report.progress;
  }

  get log(): readonly string[] {
    return this.report.log;
  }

  onProgress(listener: (p: FlashProgress) => void): () => void {
    return this.report.onProgress(listener);
  }

  onLog(listener: (line: string) => void): () => void {
    return this.report.onLog(listener);
  }

  /** Stops the job where it is; the result says what that leaves on the board. */
  cancel(): void {
    this.cancelRequested = true;
    this.session?.cancel();
  }

  /** Called at the end of a subclass constructor, once its fields are set. */
  protected begin(run: () => Promise<R>): void {
    this.running = run().finally(() => (this.done = true));
  }

  protected async leasePort(path: string): Promise<SerialPortLease> {
    try {
      return await this.deps.leases.takeOver(path, { kind: 'flasher', label: 'the flasher' });
    } catch (e) {
      throw toFlashError(e, 'resetting');
    }
  }

  protected async openPort(lease: SerialPortLease, baudRate: number): Promise<SerialLink> {
    try {
      return await this.deps.open(lease.path, { baudRate });
    } catch (e) {
      throw toFlashError(e, 'resetting');
    }
  }

  /**
   * What every session reports: its phase, progress and log lines. A job handles its own events
   * (a chip identified, a backup read) and passes the rest here.
   */
  protected reportEvent(e: MachineEvent): void {
    if (e.type === 'phase') this.report.setPhase(e.phase);
    else if (e.type === 'progress') this.report.advance(e.phase, e.done, e.total);
    else if (e.type === 'log') this.report.line(e.line);
  }

  protected throwIfCancelled(phase: FlashPhase): void {
    if (this.cancelRequested)
      throw new FlashError(FlashErrorCode.CANCELLED, 'cancelled', { phase });
  }
}

export function toFlashError(e: unknown, phase: FlashPhase): FlashError {
  if (isFlashError(e)) {
    e.phase ??= phase;
    return e;
  }
  if (isSerialError(e)) {
    return new FlashError(
      e.code === 'PORT_LOST' ? FlashErrorCode.PORT_LOST : FlashErrorCode.PORT_UNAVAILABLE,
      e.message,
      { detail: e.detail, phase },
    );
  }
  return new FlashError(FlashErrorCode.PROTOCOL_ERROR, 'internal flasher error', {
    detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
    phase,
  });
}

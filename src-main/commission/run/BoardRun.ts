/**
 * One board's row in a run: its record (stored as each step changes), its steps with status,
 * progress and times, and its cancel signal. `step` runs a step's body and records the outcome;
 * `finish` states the final status once.
 */
import {
  COMMISSION_STEPS,
  type BoardRunInfo,
  type CommissionRecord,
  type CommissionStep,
  type StepState,
} from '../../contract/commissionSchemas';
import { CommissionError, failureText } from '../CommissionError';
import type { CommissionStore } from '../CommissionStore';
import type { BoardPort, StepContext } from '../steps/adapters';

export interface BoardRunDeps {
  store: Pick<CommissionStore, 'putRecord'>;
  now: () => number;
  /** The run's listeners: the station view follows every change. */
  changed: () => void;
  log?: (line: string) => void;
}

export const pendingSteps = (): StepState[] =>
  COMMISSION_STEPS.map((step) => ({
    step,
    status: 'pending',
    detail: '',
    percent: null,
    startedAt: null,
    endedAt: null,
  }));

export class BoardRun {
  readonly abort = new AbortController();
  status: BoardRunInfo['status'] = 'running';

  constructor(
    readonly port: BoardPort,
    public record: CommissionRecord,
    private readonly deps: BoardRunDeps,
  ) {
    deps.store.putRecord(record);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  info(): BoardRunInfo {
    return {
      port: this.port.path,
      recordId: this.record.id,
      device: this.record.identity?.device ?? null,
      status: this.status,
      steps: this.record.steps,
      checks: this.record.checks,
      error: this.record.error,
    };
  }

  save(patch: Partial<CommissionRecord> = {}): void {
    this.record = { ...this.record, ...patch };
    this.deps.store.putRecord(this.record);
    this.deps.changed();
  }

  /** Progress is shown, not stored (`persist` false): a write per percent would be wasted. */
  setStep(step: CommissionStep, patch: Partial<StepState>, persist = true): void {
    const steps = this.record.steps.map((s) => (s.step === step ? { ...s, ...patch } : s));
    if (persist) this.save({ steps });
    else {
      this.record = { ...this.record, steps };
      this.deps.changed();
    }
  }

  context(step: CommissionStep): StepContext {
    return {
      signal: this.signal,
      progress: (percent, detail) => this.setStep(step, { percent, detail }, false),
      log: (line) => this.deps.log?.(`${this.port.path}: ${line}`),
    };
  }

  /** Runs one step: running → passed/skipped, or failed/cancelled with the failure's sentence. */
  async step<T>(
    step: CommissionStep,
    body: (ctx: StepContext) => Promise<{ value: T; detail: string; skipped?: boolean }>,
  ): Promise<T> {
    if (this.signal.aborted) throw new CommissionError('CANCELLED', `cancelled before ${step}`);
    this.setStep(step, { status: 'running', startedAt: this.deps.now(), detail: '' });
    try {
      const r = await body(this.context(step));
      if (this.signal.aborted) throw new CommissionError('CANCELLED', `cancelled during ${step}`);
      this.setStep(step, {
        status: r.skipped ? 'skipped' : 'passed',
        detail: r.detail,
        percent: r.skipped ? null : 100,
        endedAt: this.deps.now(),
      });
      return r.value;
    } catch (e) {
      const cancelled = this.signal.aborted;
      this.setStep(step, {
        status: cancelled ? 'cancelled' : 'failed',
        detail: cancelled ? 'cancelled by the technician' : failureText(e),
        endedAt: this.deps.now(),
      });
      throw e;
    }
  }

  skip(step: CommissionStep, detail: string): void {
    this.setStep(step, { status: 'skipped', detail, endedAt: this.deps.now() });
  }

  /** The record step: the final status, stated once, with what the registry and board hold. */
  finish(error: unknown): void {
    const cancelled = this.signal.aborted;
    const failedStep = this.record.steps.find(
      (s) => s.status === 'failed' || s.status === 'cancelled' || s.status === 'running',
    );
    const status = error === null ? 'pass' : cancelled ? 'cancelled' : 'fail';
    this.setStep('record', { status: 'running', startedAt: this.deps.now() });
    const steps = this.record.steps.map((s) =>
      s.step === 'record'
        ? {
            ...s,
            status: 'passed' as const,
            detail: `record ${this.record.id.slice(0, 8)} stored`,
            endedAt: this.deps.now(),
          }
        : s.status === 'pending'
          ? {
              ...s,
              status: 'skipped' as const,
              detail: `not reached (${failedStep?.step ?? 'stopped'} ${status === 'cancelled' ? 'cancelled' : 'failed'})`,
            }
          : s,
    );
    this.status = status;
    this.save({
      status,
      stoppedAt: error === null ? null : (failedStep?.step ?? null),
      error: error === null ? null : failureText(error),
      steps,
      endedAt: this.deps.now(),
    });
  }
}

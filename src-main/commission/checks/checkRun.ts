/**
 * One run of checks against one device: how each check is bounded (the plan's timeout, the run's
 * abort signal), timed, turned into a result that carries what was measured against what was
 * expected, and reported as soon as it completes; and the device calls checks share.
 */
import type { CheckKind, CheckResult, PlanChecks } from '../../contract/commissionSchemas';
import type { Json } from '../../protocol';
import type { CheckDevice, DeviceAnswer, PromptAnswer } from './CheckDevice';
import { shortText } from './values';

export interface CheckHooks {
  /** Asks the technician (a manual check, or a confirmation before an actuator write). */
  ask(kind: 'manual' | 'confirm', text: string): Promise<PromptAnswer>;
  /** Each result as it completes. */
  onResult(result: CheckResult): void;
  signal: AbortSignal;
  now?: () => number;
}

/** fn values of describe-all (IOTMP.md §7.2). */
export const FN = { run: 1, input: 2, output: 3, inputOutput: 4 } as const;

export class CheckFailed extends Error {
  constructor(
    message: string,
    readonly measured: string | null = null,
    readonly expected: string | null = null,
  ) {
    super(message);
  }
}

/** What a passing check reports. */
export interface CheckOutcome {
  measured: string | null;
  expected: string | null;
  note?: string | null;
  skipped?: boolean;
}

/** The device's ERROR answer as a sentence naming the resource. */
export function answerOf(a: DeviceAnswer, what: string): Json {
  if (a.ok) return a.value;
  const err =
    a.value && typeof a.value === 'object' && !Array.isArray(a.value) && 'error' in a.value
      ? `: ${String(a.value.error)}`
      : '';
  throw new CheckFailed(
    `${what}: the device answered ERROR${a.code !== null ? ` ${shortText(a.code)}` : ''}${err}`,
    'ERROR',
  );
}

function bounded<T>(p: Promise<T>, ms: number, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CheckFailed(`${what}: no answer within ${ms / 1000} s`, 'no answer')),
      ms,
    );
    const onAbort = () => reject(new CheckFailed('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

export class CheckRun {
  readonly results: CheckResult[] = [];
  readonly now: () => number;

  constructor(
    readonly device: CheckDevice,
    readonly spec: PlanChecks,
    readonly hooks: CheckHooks,
  ) {
    this.now = hooks.now ?? (() => performance.now());
  }

  /** `p` bounded by the plan's timeout and the run's signal. */
  limit<T>(p: Promise<T>, what: string): Promise<T> {
    return bounded(p, this.spec.timeoutMs, this.hooks.signal, what);
  }

  /** Runs one check and reports its result (none once the run is cancelled). */
  async check(
    id: string,
    kind: CheckKind,
    resource: string | null,
    label: string,
    body: () => Promise<CheckOutcome>,
  ): Promise<void> {
    const { signal } = this.hooks;
    if (signal.aborted) return;
    const t0 = this.now();
    let r: CheckResult;
    try {
      const out = await body();
      r = {
        id,
        kind,
        resource,
        label,
        status: out.skipped ? 'skipped' : 'pass',
        measured: out.measured,
        expected: out.expected,
        note: out.note ?? null,
        durationMs: Math.round(this.now() - t0),
      };
    } catch (e) {
      if (signal.aborted) return;
      const f =
        e instanceof CheckFailed ? e : new CheckFailed(e instanceof Error ? e.message : String(e));
      r = {
        id,
        kind,
        resource,
        label,
        status: 'fail',
        measured: f.measured,
        expected: f.expected,
        note: f.message,
        durationMs: Math.round(this.now() - t0),
      };
    }
    this.results.push(r);
    this.hooks.onResult(r);
  }

  /** RUN without input: the resource's value. */
  async read(resource: string): Promise<Json> {
    return answerOf(await this.limit(this.device.run(resource), `${resource}`), resource);
  }

  /** RUN with `input`; the answer (an ERROR throws). */
  async write(resource: string, input: Json): Promise<Json> {
    return answerOf(await this.limit(this.device.run(resource, input), resource), resource);
  }

  async describeOne(resource: string): Promise<{ in?: Json; out?: Json }> {
    const v = answerOf(
      await this.limit(this.device.describe(resource), `describe ${resource}`),
      resource,
    );
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as { in?: Json; out?: Json }) : {};
  }

  /** The state of an input: fn 2 cannot be read by RUN (§7.4), describe-one gives it (`in`). */
  async inputState(resource: string): Promise<Json | undefined> {
    return (await this.describeOne(resource)).in;
  }
}

/**
 * The check step: checks generated from the device's own `describe` (IOTMP.md §7.2–7.4),
 * completed by the plan (types, ranges, round trips, streams, manual steps). Each check is
 * bounded by the plan's timeout, reported as soon as it completes (so a crash keeps what was
 * measured), and carries what was measured against what was expected.
 */
import type { CheckKind, CheckResult, PlanChecks } from '../../contract/commissionSchemas';
import type { Json } from '../../protocol';
import type { CheckDevice, DeviceAnswer, PromptAnswer } from './CheckDevice';
import { fieldOf, sameValue, shortText, valueType } from './values';

export interface CheckHooks {
  /** Asks the technician (a manual check, or a confirmation before an actuator write). */
  ask(kind: 'manual' | 'confirm', text: string): Promise<PromptAnswer>;
  /** Each result as it completes. */
  onResult(result: CheckResult): void;
  signal: AbortSignal;
  now?: () => number;
}

/** fn values of describe-all (IOTMP.md §7.2). */
const FN = { run: 1, input: 2, output: 3, inputOutput: 4 } as const;

class CheckFailed extends Error {
  constructor(
    message: string,
    readonly measured: string | null = null,
    readonly expected: string | null = null,
  ) {
    super(message);
  }
}

/** The device's ERROR answer as a sentence naming the resource. */
function answerOf(a: DeviceAnswer, what: string): Json {
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

export async function runChecks(
  device: CheckDevice,
  spec: PlanChecks,
  hooks: CheckHooks,
): Promise<CheckResult[]> {
  const now = hooks.now ?? (() => performance.now());
  const results: CheckResult[] = [];
  const limit = <T>(p: Promise<T>, what: string) => bounded(p, spec.timeoutMs, hooks.signal, what);

  async function check(
    id: string,
    kind: CheckKind,
    resource: string | null,
    label: string,
    body: () => Promise<{
      measured: string | null;
      expected: string | null;
      note?: string | null;
      skipped?: boolean;
    }>,
  ): Promise<void> {
    if (hooks.signal.aborted) return;
    const t0 = now();
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
        durationMs: Math.round(now() - t0),
      };
    } catch (e) {
      if (hooks.signal.aborted) return;
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
        durationMs: Math.round(now() - t0),
      };
    }
    results.push(r);
    hooks.onResult(r);
  }

  const read = async (resource: string): Promise<Json> =>
    answerOf(await limit(device.run(resource), `${resource}`), resource);
  const describeOne = async (resource: string): Promise<{ in?: Json; out?: Json }> => {
    const v = answerOf(await limit(device.describe(resource), `describe ${resource}`), resource);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as { in?: Json; out?: Json }) : {};
  };
  /** The state of an input: fn 2 cannot be read by RUN (§7.4), describe-one gives it (`in`). */
  const inputState = async (resource: string): Promise<Json | undefined> =>
    (await describeOne(resource)).in;

  // Round-trip time and the resource list in one describe.
  let api: Record<string, number> = {};
  await check('rtt', 'rtt', null, `round-trip time at most ${spec.maxRttMs} ms`, async () => {
    const t0 = now();
    const all = answerOf(await limit(device.describe(), 'describe'), 'describe');
    const ms = Math.round(now() - t0);
    if (all && typeof all === 'object' && !Array.isArray(all))
      for (const [name, d] of Object.entries(all))
        if (d && typeof d === 'object' && !Array.isArray(d) && typeof d.fn === 'number')
          api[name] = d.fn;
    if (ms > spec.maxRttMs)
      throw new CheckFailed(`describe took ${ms} ms`, `${ms} ms`, `≤ ${spec.maxRttMs} ms`);
    return { measured: `${ms} ms`, expected: `≤ ${spec.maxRttMs} ms` };
  });
  api = Object.fromEntries(Object.entries(api).sort(([a], [b]) => a.localeCompare(b)));
  const skip = new Set(spec.skip);

  for (const [name, fn] of Object.entries(api)) {
    if (skip.has(name)) continue;
    if (spec.outputs && (fn === FN.output || (fn === FN.inputOutput && !spec.inputs))) {
      const want = spec.types[name];
      await check(
        `output:${name}`,
        'output',
        name,
        `${name} answers${want ? ` a ${want}` : ''}`,
        async () => {
          const sample = fn === FN.output ? (await describeOne(name)).out : undefined;
          const v = await read(name);
          const got = valueType(v);
          const expected = want ?? (sample !== undefined ? valueType(sample) : null);
          if (got === 'null' && expected !== 'null')
            throw new CheckFailed(`${name}: the device answered no value`, 'nothing', expected);
          if (expected && got !== expected)
            throw new CheckFailed(
              `${name}: expected a ${expected}, measured a ${got} (${shortText(v)})`,
              `${shortText(v)} (${got})`,
              expected,
            );
          return { measured: `${shortText(v)} (${got})`, expected: expected ?? got };
        },
      );
    }
    if (spec.inputs && fn === FN.input) {
      await check(
        `input:${name}`,
        'input',
        name,
        `${name} written with its value and read back`,
        async () => {
          const current = await inputState(name);
          if (current === undefined)
            throw new CheckFailed(`${name}: describe did not report its current value`, 'nothing');
          answerOf(await limit(device.run(name, current), name), name);
          const back = await inputState(name);
          if (!sameValue(current, back))
            throw new CheckFailed(
              `${name}: wrote ${shortText(current)}, read back ${shortText(back)}`,
              shortText(back),
              shortText(current),
            );
          return { measured: shortText(back), expected: shortText(current) };
        },
      );
    }
    if (spec.inputs && fn === FN.inputOutput) {
      await check(`io:${name}`, 'input', name, `${name} runs with its current input`, async () => {
        const { in: current } = await describeOne(name);
        if (current === undefined)
          throw new CheckFailed(`${name}: describe did not report its input`, 'nothing');
        const out = answerOf(await limit(device.run(name, current), name), name);
        const want = spec.types[name];
        if (want && valueType(out) !== want)
          throw new CheckFailed(
            `${name}: expected a ${want}, measured a ${valueType(out)} (${shortText(out)})`,
            shortText(out),
            want,
          );
        return { measured: shortText(out), expected: want ?? 'an answer' };
      });
    }
  }

  for (const [i, r] of spec.ranges.entries()) {
    const what = r.field ? `${r.resource}.${r.field}` : r.resource;
    const expected =
      r.min !== undefined && r.max !== undefined
        ? `a number between ${r.min} and ${r.max}`
        : r.min !== undefined
          ? `a number ≥ ${r.min}`
          : `a number ≤ ${r.max}`;
    await check(`range:${i}:${what}`, 'range', r.resource, `${what} is ${expected}`, async () => {
      if (!(r.resource in api))
        throw new CheckFailed(
          `${r.resource}: the device has no such resource`,
          'missing',
          expected,
        );
      const v = fieldOf(await read(r.resource), r.field);
      if (typeof v !== 'number')
        throw new CheckFailed(
          `${what}: measured ${shortText(v)} (${valueType(v)}), expected ${expected}`,
          `${shortText(v)} (${valueType(v)})`,
          expected,
        );
      if ((r.min !== undefined && v < r.min) || (r.max !== undefined && v > r.max))
        throw new CheckFailed(`${what}: measured ${v}, expected ${expected}`, String(v), expected);
      return { measured: String(v), expected };
    });
  }

  for (const [i, t] of spec.roundTrips.entries()) {
    const out = t.output ?? t.input;
    const label = `${t.input} ← ${shortText(t.value)}, ${out} reports it`;
    await check(`roundtrip:${i}:${t.input}`, 'roundtrip', t.input, label, async () => {
      if (t.confirm) {
        const a = await hooks.ask(
          'confirm',
          `Write ${shortText(t.value)} to ${t.input}? It may switch something on the board.`,
        );
        if (a.kind !== 'confirm' || !a.confirmed)
          return {
            measured: null,
            expected: shortText(t.value),
            note: 'not confirmed by the technician',
            skipped: true,
          };
      }
      const before = await inputState(t.input).catch(() => undefined);
      answerOf(await limit(device.run(t.input, t.value), t.input), t.input);
      let got: Json | undefined;
      try {
        got = out === t.input ? await inputState(out) : await read(out);
      } finally {
        // Leave the actuator as it was found.
        if (before !== undefined) await limit(device.run(t.input, before), t.input).catch(() => {});
      }
      if (!sameValue(got, t.value))
        throw new CheckFailed(
          `${out}: expected ${shortText(t.value)} after writing ${t.input}, measured ${shortText(got)}`,
          shortText(got),
          shortText(t.value),
        );
      return { measured: shortText(got), expected: shortText(t.value) };
    });
  }

  for (const [i, s] of spec.streams.entries()) {
    const expected = `every ${s.intervalMs} ms ± ${s.tolerancePct} %`;
    await check(
      `stream:${i}:${s.resource}`,
      'stream',
      s.resource,
      `${s.resource} streams ${expected}`,
      () => measureStream(device, s, expected, spec.timeoutMs, hooks.signal),
    );
  }

  for (const m of spec.manual) {
    await check(`manual:${m.id}`, 'manual', m.run ?? null, m.prompt, async () => {
      if (m.run) answerOf(await limit(device.run(m.run), m.run), m.run);
      const a = await hooks.ask('manual', m.prompt);
      if (a.kind !== 'manual') throw new CheckFailed('no answer');
      if (a.verdict === 'fail')
        throw new CheckFailed(
          a.note ? `technician: ${a.note}` : 'the technician marked it failed',
          'fail',
          'pass',
        );
      return {
        measured: a.verdict === 'skip' ? null : 'seen',
        expected: 'pass',
        note: a.note ?? null,
        skipped: a.verdict === 'skip',
      };
    });
  }
  return results;
}

/** Mean interval between samples after the first (which the device sends at once, §8.1). */
function measureStream(
  device: CheckDevice,
  s: PlanChecks['streams'][number],
  expected: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ measured: string; expected: string }> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let stop = () => {};
    const finish = (e: Error | null) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      stop();
      if (e) return reject(e);
      const gaps: number[] = [];
      let prev: number | undefined;
      for (const t of times) {
        if (prev !== undefined) gaps.push(t - prev);
        prev = t;
      }
      // The first gap can be short (the periodic timer's phase), so it is left out when there are others.
      const used = gaps.length > 1 ? gaps.slice(1) : gaps;
      const mean = used.reduce((a, b) => a + b, 0) / used.length;
      const off = (Math.abs(mean - s.intervalMs) / s.intervalMs) * 100;
      const measured = `every ${Math.round(mean)} ms (${used.length} intervals)`;
      if (off > s.tolerancePct)
        reject(
          new CheckFailed(
            `${s.resource}: measured ${measured}, expected ${expected}`,
            measured,
            expected,
          ),
        );
      else resolve({ measured, expected });
    };
    const onAbort = () => finish(new CheckFailed('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    const wait = s.intervalMs * (s.samples + 2) + timeoutMs;
    const timer = setTimeout(
      () =>
        finish(
          new CheckFailed(
            `${s.resource}: ${times.length} of ${s.samples + 2} samples within ${Math.round(wait / 1000)} s`,
            `${times.length} samples`,
            expected,
          ),
        ),
      wait,
    );
    stop = device.stream(
      s.resource,
      s.intervalMs,
      (time) => {
        times.push(time);
        if (times.length >= s.samples + 2) finish(null);
      },
      (reason) => finish(new CheckFailed(`${s.resource}: ${reason}`, 'no stream', expected)),
    );
  });
}

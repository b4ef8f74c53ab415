/**
 * Checks the plan adds to the described ones: value ranges, round trips (write an input, see an
 * output report it, put the input back) and manual steps the technician confirms.
 */
import type { Json } from '../../protocol';
import { CheckFailed, type CheckRun } from './checkRun';
import { fieldOf, sameValue, shortText, valueType } from './values';

export async function checkRanges(run: CheckRun, api: Record<string, number>): Promise<void> {
  for (const [i, r] of run.spec.ranges.entries()) {
    const what = r.field ? `${r.resource}.${r.field}` : r.resource;
    const expected =
      r.min !== undefined && r.max !== undefined
        ? `a number between ${r.min} and ${r.max}`
        : r.min !== undefined
          ? `a number ≥ ${r.min}`
          : `a number ≤ ${r.max}`;
    await run.check(
      `range:${i}:${what}`,
      'range',
      r.resource,
      `${what} is ${expected}`,
      async () => {
        if (!(r.resource in api))
          throw new CheckFailed(
            `${r.resource}: the device has no such resource`,
            'missing',
            expected,
          );
        const v = fieldOf(await run.read(r.resource), r.field);
        if (typeof v !== 'number')
          throw new CheckFailed(
            `${what}: measured ${shortText(v)} (${valueType(v)}), expected ${expected}`,
            `${shortText(v)} (${valueType(v)})`,
            expected,
          );
        if ((r.min !== undefined && v < r.min) || (r.max !== undefined && v > r.max))
          throw new CheckFailed(
            `${what}: measured ${v}, expected ${expected}`,
            String(v),
            expected,
          );
        return { measured: String(v), expected };
      },
    );
  }
}

export async function checkRoundTrips(run: CheckRun): Promise<void> {
  const { device, hooks } = run;
  for (const [i, t] of run.spec.roundTrips.entries()) {
    const out = t.output ?? t.input;
    const label = `${t.input} ← ${shortText(t.value)}, ${out} reports it`;
    await run.check(`roundtrip:${i}:${t.input}`, 'roundtrip', t.input, label, async () => {
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
      const before = await run.inputState(t.input).catch(() => undefined);
      await run.write(t.input, t.value);
      let got: Json | undefined;
      try {
        got = out === t.input ? await run.inputState(out) : await run.read(out);
      } finally {
        // Leave the actuator as it was found.
        if (before !== undefined)
          await run.limit(device.run(t.input, before), t.input).catch(() => {});
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
}

export async function checkManual(run: CheckRun): Promise<void> {
  for (const m of run.spec.manual) {
    await run.check(`manual:${m.id}`, 'manual', m.run ?? null, m.prompt, async () => {
      if (m.run) await run.read(m.run);
      const a = await run.hooks.ask('manual', m.prompt);
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
}

/**
 * Checks generated from the device's own `describe` (IOTMP.md §7.2–7.4): the round-trip time of
 * describe-all, then per resource: outputs answer a value of the plan's (or the described) type,
 * inputs take their own value back, input-outputs run with their current input.
 */
import { answerOf, CheckFailed, FN, type CheckRun } from './checkRun';
import { sameValue, shortText, valueType } from './values';

/** The rtt check; answers the device's resources (name → fn), sorted by name. */
export async function describeAll(run: CheckRun): Promise<Record<string, number>> {
  const { spec, device } = run;
  const api: Record<string, number> = {};
  await run.check('rtt', 'rtt', null, `round-trip time at most ${spec.maxRttMs} ms`, async () => {
    const t0 = run.now();
    const all = answerOf(await run.limit(device.describe(), 'describe'), 'describe');
    const ms = Math.round(run.now() - t0);
    if (all && typeof all === 'object' && !Array.isArray(all))
      for (const [name, d] of Object.entries(all))
        if (d && typeof d === 'object' && !Array.isArray(d) && typeof d.fn === 'number')
          api[name] = d.fn;
    if (ms > spec.maxRttMs)
      throw new CheckFailed(`describe took ${ms} ms`, `${ms} ms`, `≤ ${spec.maxRttMs} ms`);
    return { measured: `${ms} ms`, expected: `≤ ${spec.maxRttMs} ms` };
  });
  return Object.fromEntries(Object.entries(api).sort(([a], [b]) => a.localeCompare(b)));
}

/** The checks of every described resource the plan does not skip. */
export async function checkResources(run: CheckRun, api: Record<string, number>): Promise<void> {
  const { spec } = run;
  const skip = new Set(spec.skip);
  for (const [name, fn] of Object.entries(api)) {
    if (skip.has(name)) continue;
    if (spec.outputs && (fn === FN.output || (fn === FN.inputOutput && !spec.inputs)))
      await checkOutput(run, name, fn);
    if (spec.inputs && fn === FN.input) await checkInput(run, name);
    if (spec.inputs && fn === FN.inputOutput) await checkInputOutput(run, name);
  }
}

function checkOutput(run: CheckRun, name: string, fn: number): Promise<void> {
  const want = run.spec.types[name];
  const label = `${name} answers${want ? ` a ${want}` : ''}`;
  return run.check(`output:${name}`, 'output', name, label, async () => {
    const sample = fn === FN.output ? (await run.describeOne(name)).out : undefined;
    const v = await run.read(name);
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
  });
}

function checkInput(run: CheckRun, name: string): Promise<void> {
  const label = `${name} written with its value and read back`;
  return run.check(`input:${name}`, 'input', name, label, async () => {
    const current = await run.inputState(name);
    if (current === undefined)
      throw new CheckFailed(`${name}: describe did not report its current value`, 'nothing');
    await run.write(name, current);
    const back = await run.inputState(name);
    if (!sameValue(current, back))
      throw new CheckFailed(
        `${name}: wrote ${shortText(current)}, read back ${shortText(back)}`,
        shortText(back),
        shortText(current),
      );
    return { measured: shortText(back), expected: shortText(current) };
  });
}

function checkInputOutput(run: CheckRun, name: string): Promise<void> {
  const label = `${name} runs with its current input`;
  return run.check(`io:${name}`, 'input', name, label, async () => {
    const { in: current } = await run.describeOne(name);
    if (current === undefined)
      throw new CheckFailed(`${name}: describe did not report its input`, 'nothing');
    const out = await run.write(name, current);
    const want = run.spec.types[name];
    if (want && valueType(out) !== want)
      throw new CheckFailed(
        `${name}: expected a ${want}, measured a ${valueType(out)} (${shortText(out)})`,
        shortText(out),
        want,
      );
    return { measured: shortText(out), expected: want ?? 'an answer' };
  });
}

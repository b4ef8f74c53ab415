/**
 * Stream checks: the device streams a resource at the plan's interval, within its tolerance,
 * measured as the mean gap between samples after the first (IOTMP.md §8.1).
 */
import type { PlanChecks } from '../../contract/commissionSchemas';
import type { CheckDevice } from './CheckDevice';
import { CheckFailed, type CheckRun } from './checkRun';

export async function checkStreams(run: CheckRun): Promise<void> {
  const { spec, device, hooks } = run;
  for (const [i, s] of spec.streams.entries()) {
    const expected = `every ${s.intervalMs} ms ± ${s.tolerancePct} %`;
    await run.check(
      `stream:${i}:${s.resource}`,
      'stream',
      s.resource,
      `${s.resource} streams ${expected}`,
      () => measureStream(device, s, expected, spec.timeoutMs, hooks.signal),
    );
  }
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

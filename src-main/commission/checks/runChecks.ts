/**
 * The check step: checks generated from the device's own `describe` (IOTMP.md §7.2–7.4),
 * completed by the plan (types, ranges, round trips, streams, manual steps). Each check is
 * bounded by the plan's timeout, reported as soon as it completes (so a crash keeps what was
 * measured), and carries what was measured against what was expected (checkRun.ts).
 */
import type { CheckResult, PlanChecks } from '../../contract/commissionSchemas';
import type { CheckDevice } from './CheckDevice';
import { CheckRun, type CheckHooks } from './checkRun';
import { checkManual, checkRanges, checkRoundTrips } from './planChecks';
import { checkResources, describeAll } from './resourceChecks';
import { checkStreams } from './streamChecks';

export type { CheckHooks } from './checkRun';

export async function runChecks(
  device: CheckDevice,
  spec: PlanChecks,
  hooks: CheckHooks,
): Promise<CheckResult[]> {
  const run = new CheckRun(device, spec, hooks);
  // Round-trip time and the resource list in one describe.
  const api = await describeAll(run);
  await checkResources(run, api);
  await checkRanges(run, api);
  await checkRoundTrips(run);
  await checkStreams(run);
  await checkManual(run);
  return run.results;
}

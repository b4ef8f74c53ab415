/**
 * A re-check of a site's commissioned devices (one, or all) as a run: only the check step, for
 * each device's latest record, with the saved plan that record names.
 */
import type { CommissionPlan } from '../contract/commissionSchemas';
import { CommissionError } from './CommissionError';
import type { RunOptions } from './CommissionRun';
import type { CommissionStore, IdentifiedRecord } from './CommissionStore';
import { planSha256 } from './planInput';

export function recheckOptions(
  store: CommissionStore,
  site: string,
  device?: { user: string; device: string },
): RunOptions {
  const latest = store
    .latestPerDevice(site)
    .filter(
      (r) => !device || (r.identity.user === device.user && r.identity.device === device.device),
    );
  const [head] = latest;
  if (!head)
    throw new CommissionError(
      'PLAN',
      device
        ? `${device.user}/${device.device} has no record on ${site}`
        : `${site} has no commissioned devices`,
    );
  const planOf = (r: IdentifiedRecord): CommissionPlan => {
    const saved = r.plan.id ? store.plan(r.plan.id) : undefined;
    if (!saved)
      throw new CommissionError(
        'PLAN',
        `the plan "${r.plan.name}" of ${r.identity.device} is no longer saved: import it again to re-run its checks`,
      );
    return saved.plan;
  };
  const plan = planOf(head);
  return {
    plan,
    planId: head.plan.id,
    planSha256: planSha256(plan),
    site,
    technician: head.technician,
    ports: [],
    firmware: { images: [] },
    recheck: latest.map((r) => ({
      user: r.identity.user,
      device: r.identity.device,
      record: r,
    })),
  };
}

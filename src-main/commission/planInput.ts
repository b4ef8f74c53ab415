/**
 * What a commissioning request must be before any board is touched: a valid plan (defaults
 * filled in, a bad field named), a site name, ports each at most once and not in another run.
 */
import { createHash } from 'node:crypto';
import { CommissionPlan, MAX_COMMISSION_BOARDS } from '../contract/commissionSchemas';
import { first } from '../contract/present';
import { CommissionError } from './CommissionError';
import type { CommissionRun } from './CommissionRun';
import type { BoardPort } from './steps/adapters';

/** Site names as the technician types them ("Roof A, building 3"); no control characters. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const SITE = /^[^\0-\x1f]{1,128}$/;

/** A plan's identity by content: an inline plan is saved once and found again by it. */
export const planSha256 = (plan: CommissionPlan): string =>
  createHash('sha256').update(JSON.stringify(plan)).digest('hex');

export function parsePlan(plan: unknown): CommissionPlan {
  const r = CommissionPlan.safeParse(plan);
  if (r.success) {
    if (r.data.provisioning === 'improv' && !r.data.wifi)
      throw new CommissionError(
        'PLAN',
        "the plan is not valid: wifi: Improv Serial provisioning sends the plan's Wi-Fi network: give its name and password",
      );
    return r.data;
  }
  const issue = first(r.error.issues, 'validation issue');
  throw new CommissionError(
    'PLAN',
    `the plan is not valid: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}${r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : ''}`,
  );
}

export function checkSite(site: string): void {
  if (!SITE.test(site))
    throw new CommissionError('PLAN', 'a site name is 1–128 characters, no control characters');
}

/** At least one port, at most MAX_COMMISSION_BOARDS, each once, none in a run still going. */
export function checkPorts(ports: readonly BoardPort[], runs: Iterable<CommissionRun>): void {
  if (ports.length === 0) throw new CommissionError('PORT', 'choose at least one port');
  if (ports.length > MAX_COMMISSION_BOARDS)
    throw new CommissionError('PORT', `at most ${MAX_COMMISSION_BOARDS} boards in one run`);
  const paths = new Set(ports.map((p) => p.path));
  if (paths.size !== ports.length)
    throw new CommissionError('PORT', 'each port at most once in a run');
  for (const r of runs)
    if (r.endedAt === null)
      for (const b of r.boards)
        if (paths.has(b.port.path) && b.status === 'running')
          throw new CommissionError(
            'PORT',
            `${b.port.path} is being commissioned already (${r.id})`,
          );
}

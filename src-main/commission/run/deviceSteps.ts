/**
 * The steps that talk to the device through the broker: join (bounded wait for the identity to
 * authenticate, diagnosed from what the broker and the serial line saw) and check (generated from
 * describe, completed by the plan; prompts go to the run's queue).
 */
import type { CheckResult, CommissionPlan } from '../../contract/commissionSchemas';
import type { PromptAnswer } from '../checks/CheckDevice';
import { present } from '../../contract/present';
import { runChecks } from '../checks/runChecks';
import { CommissionError } from '../CommissionError';
import { waitForJoin } from '../join/waitForJoin';
import type { RunDeps } from '../RunDeps';
import type { SerialTail } from '../steps/adapters';
import type { BoardRun } from './BoardRun';

export async function joinStep(
  b: BoardRun,
  deps: RunDeps,
  plan: CommissionPlan,
  since: number,
  tail: SerialTail | null,
): Promise<void> {
  const id = present(b.record.identity, "the board's identity (given at Identify)");
  const where = deps.broker.address(plan);
  await b.step('join', async () => {
    const listening = await deps.broker.listening(where.host, where.port);
    if (!listening)
      throw new CommissionError(
        'BROKER',
        `the broker is not listening on ${where.host}:${where.port}, the address the plan gives devices: start its TCP listener on that port or change the plan`,
      );
    const record = await waitForJoin({
      source: deps.join,
      user: id.user,
      device: id.device,
      since,
      timeoutMs: plan.joinTimeoutS * 1000,
      address: `${where.host}:${where.port}`,
      ...(tail ? { serialLines: () => tail.lines() } : {}),
      signal: b.signal,
    });
    b.save({ join: record });
    if (record.at === null) {
      const last = record.serialTail.slice(-3);
      throw new CommissionError(
        'JOIN',
        `${record.diagnosis}${last.length ? `; last serial lines: ${last.join(' | ')}` : ''}`,
      );
    }
    return {
      value: null,
      detail: `joined over ${record.transport} from ${record.remoteAddress} after ${((record.durationMs ?? 0) / 1000).toFixed(1)} s`,
    };
  });
}

export async function checkStep(
  b: BoardRun,
  deps: RunDeps,
  plan: CommissionPlan,
  ask: (kind: 'manual' | 'confirm', text: string) => Promise<PromptAnswer>,
): Promise<void> {
  const id = present(b.record.identity, "the board's identity (given at Identify)");
  await b.step('check', async () => {
    const checks: CheckResult[] = [];
    await runChecks(deps.checkDevice(id.user, id.device), plan.checks, {
      ask,
      onResult: (r) => {
        checks.push(r);
        b.save({ checks: [...checks] });
      },
      signal: b.signal,
    });
    const failed = checks.filter((c) => c.status === 'fail');
    const skipped = checks.filter((c) => c.status === 'skipped').length;
    if (failed.length)
      throw new CommissionError(
        'PLAN',
        `${failed.length} of ${checks.length} checks failed: ${failed
          .slice(0, 3)
          .map((c) => c.note ?? c.label)
          .join('; ')}`,
      );
    return {
      value: null,
      detail: `${checks.length - skipped} checks passed${skipped ? `, ${skipped} skipped` : ''}`,
    };
  });
}

/** `commission.*` calls: saved plans, and runs started, listed, answered and cancelled. */
import { ApiError, ApiErrorCode } from '../../contract';
import type { CommissionServices } from '../../commission/CommissionServices';
import type { SerialServices } from '../../services/types';
import type { CallsOf } from './types';

type PlanInput = Parameters<CommissionServices['start']>[0]['plan'];

/** The run `id`, or NOT_FOUND. */
export function knownRun(
  commission: CommissionServices,
  id: string,
): NonNullable<ReturnType<CommissionServices['run']>> {
  const r = commission.run(id);
  if (!r) throw new ApiError(ApiErrorCode.NOT_FOUND, `no commissioning run ${id}`);
  return r;
}

/** The saved plan `planId` when given, else the plan sent with the call. */
function chosenPlan(
  commission: CommissionServices,
  planId: string | undefined,
  plan: PlanInput | undefined,
): PlanInput {
  if (planId !== undefined) {
    const saved = commission.store.plan(planId);
    if (!saved) throw new ApiError(ApiErrorCode.NOT_FOUND, `no saved plan ${planId}`);
    return saved.plan;
  }
  // The contract's refine asks for one of the two; a caller past it still gets the sentence.
  if (!plan) throw new ApiError(ApiErrorCode.BAD_REQUEST, 'give planId or plan');
  return plan;
}

export function commissionRunCalls(
  commission: CommissionServices,
  serial: SerialServices,
): CallsOf<'commission'> {
  const run = (id: string) => knownRun(commission, id);
  return {
    'commission.plans': () => ({ plans: commission.plans() }),
    'commission.savePlan': ({ id, plan }) => commission.savePlan(plan, id),
    'commission.deletePlan': ({ id }) => ({ deleted: commission.deletePlan(id) }),
    'commission.defaults': () => commission.defaults(),
    'commission.start': async ({ planId, plan, ports, site, technician }) => {
      const chosen = chosenPlan(commission, planId, plan);
      // Ports must be ones the watcher lists (or added by path), as for flashing.
      const boards = [];
      for (const path of ports) {
        const p = await serial.listed(path);
        boards.push({
          path,
          ...(p.vendorId ? { vendorId: p.vendorId } : {}),
          ...(p.productId ? { productId: p.productId } : {}),
          ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
        });
      }
      const r = await commission.start({
        plan: chosen,
        planId: planId ?? null,
        ports: boards,
        site,
        technician,
      });
      return { run: r.info() };
    },
    'commission.cancel': ({ runId, port }) => ({ cancelled: run(runId).cancel(port) }),
    'commission.runs': ({ runId }) => ({
      runs: runId !== undefined ? [run(runId).info()] : commission.allRuns().map((r) => r.info()),
    }),
    'commission.answer': ({ runId, promptId, verdict, note }) => {
      const confirm = verdict === 'yes' || verdict === 'no';
      const answered = run(runId).answer(
        promptId,
        confirm
          ? { kind: 'confirm', confirmed: verdict === 'yes', ...(note ? { note } : {}) }
          : { kind: 'manual', verdict, ...(note ? { note } : {}) },
      );
      return { answered };
    },
  };
}

/**
 * Plan files: reading one the technician picks (refusing what is not a plan, by field, with the
 * schema main parses plans with) and the file name a plan is exported under.
 */
import { CommissionPlan, type CommissionPlanInput } from '@contract/commissionSchemas';
import { JSON_FILES, pickTextFile } from '../../format/pickFile';
import { messages } from '../../messages';

const t = messages.commission.plan;

/** Opens the file picker; hands on a valid plan, or an error naming up to three wrong fields. */
export function pickPlanFile(
  onPlan: (plan: CommissionPlanInput) => void,
  onError: (e: unknown) => void,
): void {
  pickTextFile(
    JSON_FILES,
    (text) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        onError(new Error(t.notAPlan));
        return;
      }
      const r = CommissionPlan.safeParse(json);
      if (r.success) onPlan(r.data);
      else
        onError(
          new Error(
            t.invalid(
              r.error.issues
                .map((i) => `${i.path.join('.')}: ${i.message}`)
                .slice(0, 3)
                .join('; '),
            ),
          ),
        );
    },
    onError,
  );
}

/** `Water meter` → `Water-meter.plan.json`. */
export const planFileName = (plan: CommissionPlanInput): string =>
  `${plan.name.replace(/[^\w-]+/g, '-')}.plan.json`;

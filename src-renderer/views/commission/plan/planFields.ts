/**
 * What the plan editor's parts share: the checks part of a plan, how a part finds its field's
 * validation message (model/planErrors) and how a number field's text becomes the plan's value.
 */
import type { CommissionPlanInput } from '@contract/commissionSchemas';

export type Checks = NonNullable<CommissionPlanInput['checks']>;

/** The validation message of the field at `path` (a dotted path into the plan), or null. */
type FieldError = (path: string) => string | null;

/** One group of check rows: its entries, their messages and how it hands back a change. */
export interface CheckGroupProps<T> {
  items: readonly T[];
  err: FieldError;
  onItems: (items: T[]) => void;
}

/** A number field's text → the plan's value (empty: left out, so the schema says "Required"). */
export const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

/** A part of the plan editor: the draft, its messages and how the part changes the draft. */
export interface PlanPartProps {
  draft: CommissionPlanInput;
  err: FieldError;
  patch: (p: Partial<CommissionPlanInput>) => void;
}
